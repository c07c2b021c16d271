import { isPatternError } from '@pattern/core';
import { freshSchema, TEST_DATABASE_URL } from '@pattern/testing';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createPostgresDriver, defineProjection, type EventDriver, EventLog, type ExpectedVersion, eventStoreMod } from '../src/index.ts';
import { startEngine } from './harness.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** `count` drivers on one fresh schema, each with its own pool and claims connection, as separate servers have. */
async function servers(count: number): Promise<{ url: string; schema: string; drivers: EventDriver[] }> {
  const schema = await freshSchema('events_pg');
  cleanups.push(schema.drop);
  // They all start at once: the schema is created under the migration lock, not raced on.
  const drivers = await Promise.all(Array.from({ length: count }, () => createPostgresDriver(schema.url)));
  cleanups.push(async () => {
    await Promise.all(drivers.map((d) => d.close()));
  });
  return { url: schema.url, schema: schema.schema, drivers };
}

/** Ends the database session holding the claim, as the death of the server holding it does. */
async function killClaimHolder(schema: string, name: string): Promise<number> {
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    const { rows } = await admin.query(
      `SELECT pg_terminate_backend(pid) AS killed FROM pg_locks
       WHERE locktype = 'advisory' AND granted AND objsubid = 1
         AND ((classid::bigint << 32) | objid::bigint) = hashtextextended($1 || ':pattern.events.consumer:' || $2, 0)`,
      [schema, name],
    );
    return rows.length;
  } finally {
    await admin.end();
  }
}

/** The backends LISTENing for `applicationName`'s connections; with `cut`, terminated as a network fault would. */
async function listeningBackends(applicationName: string, cut = false): Promise<number[]> {
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ pid: number }>(
      `SELECT pid${cut ? ', pg_terminate_backend(pid)' : ''} FROM pg_stat_activity WHERE application_name = $1 AND query ILIKE 'LISTEN%'`,
      [applicationName],
    );
    return rows.map((row) => row.pid);
  } finally {
    await admin.end();
  }
}

describe('event store on PostgreSQL, several servers on one database', () => {
  it('keeps versions contiguous and positions gapless for concurrent appends through several servers', async () => {
    const { drivers } = await servers(3);
    const logs = drivers.map((d) => new EventLog(d));
    const results = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        (logs[i % logs.length] as EventLog).append({ aggregateType: 'Counter', aggregateId: `c${i % 10}` }, [{ type: 'Ticked', payload: { i } }]),
      ),
    );
    const positions = results.map((r) => r.events[0]?.position).sort((a = 0, b = 0) => a - b);
    expect(positions).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    for (let c = 0; c < 10; c++) {
      const stream = await (logs[c % 3] as EventLog).read({ aggregateType: 'Counter', aggregateId: `c${c}` });
      expect(stream.map((e) => e.version)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    }
  });

  it('enforces expected versions across servers: of racing appends expecting the same version, exactly one lands', async () => {
    const { drivers } = await servers(2);
    const logs = drivers.map((d) => new EventLog(d));
    const race = async (aggregateId: (i: number) => string, expectedVersion: ExpectedVersion) => {
      const attempts = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) =>
          (logs[i % 2] as EventLog).append({ aggregateType: 'Order', aggregateId: aggregateId(i) }, [{ type: 'Placed' }], { expectedVersion }),
        ),
      );
      for (const attempt of attempts) {
        if (attempt.status === 'rejected') expect(isPatternError(attempt.reason) && attempt.reason.code).toBe('conflict');
      }
      return attempts.filter((a) => a.status === 'fulfilled').length;
    };
    expect(await race(() => 'o-1', 0)).toBe(1);
    expect(await race(() => 'o-1', 1)).toBe(1);
    expect(await race(() => 'o-2', 'no_stream')).toBe(1);
    expect(await race(() => 'o-2', 'exists')).toBe(20);
    expect(await race((i) => `never-${i}`, 'exists')).toBe(0);
    const read = (id: string) => (logs[1] as EventLog).read({ aggregateType: 'Order', aggregateId: id });
    expect((await read('o-1')).map((e) => e.version)).toEqual([1, 2]);
    expect((await read('o-2')).map((e) => e.version)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
    expect(await (logs[0] as EventLog).head()).toBe(23);
  });

  it('answers a retried append with its first result from any server, and refuses other content under the same id', async () => {
    const { drivers } = await servers(2);
    const [a, b] = drivers.map((d) => new EventLog(d)) as [EventLog, EventLog];
    const stream = { aggregateType: 'Order', aggregateId: 'o-1' };
    const batch = [{ id: 'evt-1', type: 'Placed', payload: { total: 3 } }];
    const racing = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).append(stream, batch)));
    expect(racing.every((r) => r.status === 'fulfilled')).toBe(true);
    const results = racing.map((r) => (r as PromiseFulfilledResult<Awaited<ReturnType<EventLog['append']>>>).value);
    expect(results.filter((r) => !r.deduplicated)).toHaveLength(1);
    expect(new Set(results.map((r) => r.events[0]?.position))).toEqual(new Set([1]));
    await expect(b.append(stream, [{ id: 'evt-1', type: 'Placed', payload: { total: 4 } }])).rejects.toMatchObject({ code: 'idempotency_conflict' });
    expect(await a.head()).toBe(1);
  });

  it('never lets a reader following the log skip an event committed late by a concurrent append', async () => {
    const { drivers } = await servers(3);
    const [reader, ...writers] = drivers as [EventDriver, ...EventDriver[]];
    const total = 400;
    let writing = true;
    const writes = Promise.all(
      writers.map(async (driver, w) => {
        const log = new EventLog(driver);
        await Promise.all(
          Array.from({ length: 4 }, async (_, lane) => {
            for (let i = 0; i < total / writers.length / 4; i++) {
              await log.append({ aggregateType: 'Stream', aggregateId: `w${w}-${lane}` }, [{ type: 'A' }, { type: 'B' }]);
            }
          }),
        );
      }),
    ).finally(() => {
      writing = false;
    });
    const seen: number[] = [];
    let after = 0;
    while (writing || after < (await reader.head())) {
      const page = await reader.readAll({ after, direction: 'forward', limit: 50 });
      for (const event of page) {
        // Positions are taken in commit order: once N is visible, every position below it is too.
        expect(event.position).toBe(after + 1);
        seen.push(event.position);
        after = event.position;
      }
    }
    await writes;
    expect(seen).toHaveLength(total * 2);
  });

  it('fails only the append PostgreSQL cannot store among those written together', async () => {
    const { drivers } = await servers(1);
    const log = new EventLog(drivers[0] as EventDriver);
    const attempts = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) =>
        log.append({ aggregateType: 'Note', aggregateId: `n${i % 3}` }, [
          { type: 'Noted', payload: { text: i === 17 ? 'nul \u0000 here' : `note ${i}` } },
        ]),
      ),
    );
    const failed = attempts.flatMap((a, i) => (a.status === 'rejected' ? [[i, a.reason.code, a.reason.details]] : []));
    expect(failed).toEqual([[17, 'validation_failed', { field: 'events' }]]);
    const all = await log.readAll({ limit: 100 });
    expect(all.events.map((e) => e.position)).toEqual(Array.from({ length: 29 }, (_, i) => i + 1));
  });

  it('tells the followers of every server of an append at once, and only of appends to their own schema', async () => {
    const { drivers } = await servers(2);
    const [a, b] = drivers.map((d) => new EventLog(d)) as [EventLog, EventLog];
    const other = (await servers(1)).drivers[0] as EventDriver;
    const heads: number[] = [];
    const stop = a.onAppend((head) => heads.push(head));
    // A claim resolves once the session is connected, and with it listening.
    await (drivers[0] as EventDriver).claim('projection:any').acquire();
    await new EventLog(other).append({ aggregateType: 'Elsewhere', aggregateId: 'x' }, [{ type: 'Ignored' }]);
    await b.append({ aggregateType: 'Order', aggregateId: 'o-1' }, [{ type: 'Placed' }, { type: 'Paid' }]);
    await waitUntil(() => heads.includes(2));
    expect(heads).toEqual([2]);
    stop();
  });

  it('tells its followers of appends again once its listening connection is cut, those made while it was away included', async () => {
    const schema = await freshSchema('events_pg');
    cleanups.push(schema.drop);
    const url = new URL(schema.url);
    url.searchParams.set('application_name', schema.schema);
    const [a, b] = [await createPostgresDriver(url.toString()), await createPostgresDriver(schema.url)];
    cleanups.push(async () => {
      await a.close();
      await b.close();
    });
    const heads: number[] = [];
    const stop = new EventLog(a).onAppend((head) => heads.push(head));
    await a.claim('projection:any').acquire();
    const [before] = await listeningBackends(schema.schema);
    expect(before).toBeDefined();

    expect(await listeningBackends(schema.schema, true)).toEqual([before]);
    // Whether this lands before the listener is back or after, its followers hear of it.
    await new EventLog(b).append({ aggregateType: 'Order', aggregateId: 'o-1' }, [{ type: 'Placed' }]);
    await waitUntil(() => heads.includes(1));
    await waitUntilAsync(async () => {
      const now = await listeningBackends(schema.schema);
      return now.length === 1 && now[0] !== before;
    });
    await new EventLog(b).append({ aggregateType: 'Order', aggregateId: 'o-1' }, [{ type: 'Paid' }]);
    await waitUntil(() => heads.includes(2));
    stop();
  });

  it('gives a consumer claim to one server at a time, and to another when the holder dies', async () => {
    const { schema, drivers } = await servers(2);
    const [a, b] = drivers as [EventDriver, EventDriver];
    const onA = a.claim('workflow:w');
    const onB = b.claim('workflow:w');
    expect(await onA.acquire()).toBe(true);
    expect(await onB.acquire()).toBe(false);
    expect(await b.claim('workflow:other').acquire()).toBe(true);
    await onA.saveCheckpoint({ name: 'workflow:w', position: 5, version: 1, updated: new Date().toISOString() });

    expect(await killClaimHolder(schema, 'workflow:w')).toBe(1);
    await waitUntil(() => !onA.held);
    await expect(onA.saveCheckpoint({ name: 'workflow:w', position: 6, version: 1, updated: new Date().toISOString() })).rejects.toMatchObject({
      code: 'conflict',
    });
    expect(await onB.acquire()).toBe(true);
    expect(await b.getCheckpoint('workflow:w')).toMatchObject({ position: 5 });
    // The server that lost it reconnects and stands by.
    expect(await onA.acquire()).toBe(false);
    await onB.release();
    expect(await onA.acquire()).toBe(true);
  });
  it('runs each projection on one engine at a time when several share the database, and hands it over when that one stops', async () => {
    const schema = await freshSchema('events_pg');
    cleanups.push(schema.drop);
    const handled = { a: [] as number[], b: [] as number[] };
    const engine = async (name: 'a' | 'b') => {
      const recorder = defineProjection({ name: 'recorder', handles: { Ticked: (event) => void handled[name].push(event.position) } });
      const started = await startEngine([eventStoreMod({ projections: [recorder] })], undefined, {}, { databaseUrl: schema.url });
      cleanups.push(started.stop);
      return started;
    };
    const a = await engine('a');
    const b = await engine('b');
    expect(a.events.log.driver.name).toBe('postgres');
    const states = async () => [(await a.events.subscriptions())[0]?.state, (await b.events.subscriptions())[0]?.state];
    expect(await states()).toEqual(['running', 'standby']);

    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        (i % 2 ? a : b).events.append({ aggregateType: 'Counter', aggregateId: `c${i % 5}` }, [{ type: 'Ticked' }]),
      ),
    );
    // A standby engine mirrors the holder's checkpoint, so either can wait for the projection.
    await b.events.caughtUp('recorder');
    expect(handled.a).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(handled.b).toEqual([]);

    await a.stop();
    await b.events.append({ aggregateType: 'Counter', aggregateId: 'c0' }, [{ type: 'Ticked' }, { type: 'Ticked' }]);
    await b.events.caughtUp('recorder');
    expect(handled.b).toEqual([101, 102]);
    expect((await b.events.subscriptions())[0]).toMatchObject({ state: 'running', position: 102, caughtUp: true });
  });

  it('keeps a projection on one engine when the connection holding its claim is cut', async () => {
    const schema = await freshSchema('events_pg');
    cleanups.push(schema.drop);
    const handled: Array<[string, number]> = [];
    const engine = async (name: string) => {
      const recorder = defineProjection({ name: 'recorder', handles: { Ticked: (event) => void handled.push([name, event.position]) } });
      const started = await startEngine([eventStoreMod({ projections: [recorder] })], undefined, {}, { databaseUrl: schema.url });
      cleanups.push(started.stop);
      return started;
    };
    const engines = [await engine('a'), await engine('b')];
    const tick = (count: number) =>
      Promise.all(
        Array.from({ length: count }, (_, i) => engines[i % 2]?.events.append({ aggregateType: 'Counter', aggregateId: 'c' }, [{ type: 'Ticked' }])),
      );
    await tick(20);
    await engines[1]?.events.caughtUp('recorder');
    expect(await killClaimHolder(schema.schema, 'projection:recorder')).toBe(1);
    await tick(40);
    // Whoever claims it again (the engine that lost it, reconnecting, or the other) goes on from the checkpoint.
    await waitUntilAsync(async () => {
      const states = await Promise.all(engines.map(async (e) => (await e.events.subscriptions())[0]?.state));
      return states.includes('running') && states.includes('standby');
    });
    for (const e of engines) await e.events.caughtUp('recorder');
    expect(handled.map(([, position]) => position).sort((x, y) => x - y)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
  });

  it('pauses a projection on every server sharing the database, whichever server is asked, and resumes it the same way', async () => {
    const schema = await freshSchema('events_pg');
    cleanups.push(schema.drop);
    const handled: number[] = [];
    const engine = async () => {
      const recorder = defineProjection({ name: 'recorder', handles: { Ticked: (event) => void handled.push(event.position) } });
      const started = await startEngine([eventStoreMod({ projections: [recorder] })], undefined, {}, { databaseUrl: schema.url });
      cleanups.push(started.stop);
      return started;
    };
    const holder = await engine();
    const other = await engine();
    const state = async (e: typeof holder) => (await e.events.subscriptions())[0]?.state;
    expect([await state(holder), await state(other)]).toEqual(['running', 'standby']);

    // Asked on the server that stands by, the pause reaches the one following within pollMs (50 ms here).
    await other.events.pauseProjection('recorder', 'rebuilding the read model');
    await waitUntilAsync(async () => (await state(holder)) === 'paused');
    await holder.events.append({ aggregateType: 'Counter', aggregateId: 'c' }, [{ type: 'Ticked' }]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(handled).toEqual([]);
    expect((await holder.events.subscriptions())[0]?.pause).toMatchObject({ kind: 'paused', reason: 'rebuilding the read model' });

    await other.events.resumeProjection('recorder');
    await waitUntilAsync(async () => handled.length === 1);
    expect(handled).toEqual([1]);
    await waitUntilAsync(async () => (await state(holder)) !== 'paused' && (await state(other)) !== 'paused');
  });

  it('needs a database URL when asked for by name', async () => {
    await expect(startEngine([eventStoreMod()], undefined, { storage: 'postgres' })).rejects.toThrow(/needs a database URL/);
  });
});

async function waitUntil(probe: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !probe(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(probe()).toBe(true);
}

async function waitUntilAsync(probe: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500 && !(await probe()); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(await probe()).toBe(true);
}
