import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@pattern/core';
import {
  createPostgresDriver,
  createSqliteDriver,
  defineAggregate,
  type EventDriver,
  EventStoreService,
  type NewEvent,
} from '@pattern/mod-event-store';
import { createPool } from '@pattern/postgres';
import { freshSchema, TEST_DATABASE_URL } from '@pattern/testing';
import Database from 'better-sqlite3';
import pg from 'pg';
import { type BenchRow, type BenchSuite, opsPerSecond } from './harness.ts';

const GROUP = 'event-store';
const AGGREGATE_EVENTS = 10_000;
const READ_ALL_EVENTS = 50_000;

/** The same table the SQLite driver writes, for the raw baseline. */
const RAW_SCHEMA = `
CREATE TABLE events (
  position INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, aggregate_type TEXT NOT NULL, aggregate_id TEXT NOT NULL,
  version INTEGER NOT NULL, type TEXT NOT NULL, payload TEXT NOT NULL, metadata TEXT NOT NULL, schema_version INTEGER NOT NULL,
  created TEXT NOT NULL, correlation_id TEXT, UNIQUE (aggregate_type, aggregate_id, version));
CREATE INDEX events_by_type ON events (type, position);
CREATE INDEX events_by_aggregate_type ON events (aggregate_type, position);`;

const counter = (snapshotEvery: number) =>
  defineAggregate<{ total: number }>({
    type: 'Counter',
    initialState: { total: 0 },
    snapshotEvery,
    evolve: (state, event) => ({ total: state.total + (event.payload.by as number) }),
    commands: {},
  });

function openService(dir: string, snapshotEvery = 100): EventStoreService {
  return serviceOver(createSqliteDriver(join(dir, 'events.db')), snapshotEvery);
}

function serviceOver(driver: EventDriver, snapshotEvery = 100): EventStoreService {
  return new EventStoreService(
    driver,
    { aggregates: [counter(snapshotEvery)], projections: [], retryDelayMs: 10, pollMs: 1000, triggerRetries: 3 },
    silentLogger,
  );
}

function openRaw(dir: string) {
  const db = new Database(join(dir, 'raw.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(RAW_SCHEMA);
  const insert = db.prepare(
    'INSERT INTO events (id, aggregate_type, aggregate_id, version, type, payload, metadata, schema_version, created, correlation_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  let seq = 0;
  const row = (stream: string, version: number, payload: Record<string, unknown>) => {
    seq++;
    insert.run(
      `raw-${seq}`,
      'Order',
      stream,
      version,
      'OrderNoted',
      JSON.stringify(payload),
      '{"correlationId":"bench"}',
      1,
      new Date().toISOString(),
      'bench',
    );
  };
  const batch = db.transaction((stream: string, from: number, payloads: Array<Record<string, unknown>>) => {
    for (const [i, payload] of payloads.entries()) row(stream, from + i, payload);
  });
  return { db, row, batch };
}

/**
 * Rates of two operations measured in alternating slices, so that a machine busy with other work
 * slows both alike and their ratio stays meaningful.
 */
async function sideBySide(ours: () => unknown, baseline: () => unknown, rounds = 8, sliceMs = 125): Promise<{ ours: number; baseline: number }> {
  const slice = async (fn: () => unknown) => {
    const start = performance.now();
    let count = 0;
    while (performance.now() - start < sliceMs) {
      await fn();
      count++;
    }
    return { count, ms: performance.now() - start };
  };
  await slice(ours);
  await slice(baseline);
  const total = { ours: { count: 0, ms: 0 }, baseline: { count: 0, ms: 0 } };
  for (let round = 0; round < rounds; round++) {
    for (const [key, fn] of [
      ['ours', ours],
      ['baseline', baseline],
    ] as const) {
      const { count, ms } = await slice(fn);
      total[key].count += count;
      total[key].ms += ms;
    }
  }
  return { ours: (total.ours.count * 1000) / total.ours.ms, baseline: (total.baseline.count * 1000) / total.baseline.ms };
}

const payload = (i: number) => ({
  orderId: `o-${String(i).padStart(10, '0')}`,
  customerId: `c-${i % 50}`,
  note: 'a line of text about the order',
  amount: i,
});

export const eventStoreBench: BenchSuite = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pattern-bench-events-'));
  const rows: BenchRow[] = [];
  try {
    // Single-event appends, each its own transaction, against single raw inserts.
    const service = openService(dir);
    const raw = openRaw(dir);
    let single = 0;
    let rawSingle = 0;
    const { ours: singleRate, baseline: rawSingleRate } = await sideBySide(
      async () => {
        single++;
        await service.append({ aggregateType: 'Order', aggregateId: `s-${single % 1000}` }, [{ type: 'OrderNoted', payload: payload(single) }], {
          metadata: { correlationId: 'bench' },
        });
      },
      () => {
        rawSingle++;
        raw.row(`s-${rawSingle % 1000}`, rawSingle, payload(rawSingle));
      },
    );
    rows.push({
      group: GROUP,
      name: 'append, single events (events/s)',
      value: Math.round(singleRate),
      unit: 'events/s',
      baseline: Math.round(rawSingleRate),
      baselineName: 'raw better-sqlite3 insert',
      ratio: singleRate / rawSingleRate,
      target: '>= 0.5 of raw',
      met: singleRate / rawSingleRate >= 0.5,
    });

    // Batches of 100 in one append, against 100 raw inserts in one transaction.
    let batches = 0;
    // Every event names its own order (ids grow, as ULIDs do) and one of 50 customers.
    const batchOf = (batch: number) => Array.from({ length: 100 }, (_, i) => payload(batch * 100 + i));
    let rawBatches = 0;
    const { ours: batchRate, baseline: rawBatchRate } = await sideBySide(
      async () => {
        batches++;
        const events = batchOf(batches).map((p): NewEvent => ({ type: 'OrderNoted', payload: p }));
        await service.append({ aggregateType: 'Order', aggregateId: `b-${batches}` }, events, { metadata: { correlationId: 'bench' } });
      },
      () => {
        rawBatches++;
        raw.batch(`b-${rawBatches}`, 1, batchOf(rawBatches));
      },
    );
    rows.push({
      group: GROUP,
      name: 'append, batches of 100 (events/s)',
      value: Math.round(batchRate * 100),
      unit: 'events/s',
      baseline: Math.round(rawBatchRate * 100),
      baselineName: 'raw better-sqlite3 inserts in one transaction',
      ratio: batchRate / rawBatchRate,
      target: '>= 0.5 of raw',
      met: batchRate / rawBatchRate >= 0.5,
    });

    // The same, with payloads that name no entity: what the tag index costs shows as the difference.
    const plainEvents: NewEvent[] = Array.from({ length: 100 }, (_, i) => ({
      type: 'OrderNoted',
      payload: { note: 'a line of text about the order', amount: i },
    }));
    const plainPayloads = plainEvents.map((e) => e.payload as Record<string, unknown>);
    const { ours: plainRate, baseline: rawPlainRate } = await sideBySide(
      async () => {
        batches++;
        await service.append({ aggregateType: 'Order', aggregateId: `b-${batches}` }, plainEvents, { metadata: { correlationId: 'bench' } });
      },
      () => {
        rawBatches++;
        raw.batch(`b-${rawBatches}`, 1, plainPayloads);
      },
    );
    rows.push({
      group: GROUP,
      name: 'append, batches of 100 without correlated ids (events/s)',
      value: Math.round(plainRate * 100),
      unit: 'events/s',
      baseline: Math.round(rawPlainRate * 100),
      baselineName: 'raw better-sqlite3 inserts in one transaction',
      ratio: plainRate / rawPlainRate,
      target: '>= 0.5 of raw',
      met: plainRate / rawPlainRate >= 0.5,
    });
    raw.db.close();

    // Loading a 10,000-event aggregate: folding every event, against starting from a snapshot.
    const many: NewEvent[] = Array.from({ length: 1000 }, () => ({ type: 'Added', payload: { by: 1 } }));
    for (let i = 0; i < AGGREGATE_EVENTS / many.length; i++) await service.append({ aggregateType: 'Counter', aggregateId: 'big' }, many);
    const withoutSnapshots = openService(dir, Number.MAX_SAFE_INTEGER);
    const coldRate = await opsPerSecond(() => withoutSnapshots.load('Counter', 'big'), 1500);
    await service.rebuild('Counter', 'big');
    const snapshotRate = await opsPerSecond(() => service.load('Counter', 'big'), 1000);
    rows.push({
      group: GROUP,
      name: `load of a ${AGGREGATE_EVENTS}-event aggregate, no snapshot`,
      value: Math.round(coldRate * 10) / 10,
      unit: 'loads/s',
    });
    rows.push({
      group: GROUP,
      name: `load of a ${AGGREGATE_EVENTS}-event aggregate, from a snapshot`,
      value: Math.round(snapshotRate),
      unit: 'loads/s',
      baseline: Math.round(coldRate * 10) / 10,
      baselineName: 'the same load without a snapshot',
      ratio: snapshotRate / coldRate,
      target: '> 1 (faster than folding every event)',
      met: snapshotRate > coldRate,
    });
    await withoutSnapshots.close();

    // Reading the whole log page by page.
    const head = await service.log.head();
    for (let written = head; written < READ_ALL_EVENTS; written += 1000) {
      await service.append({ aggregateType: 'Filler', aggregateId: `f-${written}` }, many);
    }
    const total = await service.log.head();
    const started = performance.now();
    let read = 0;
    for (let after = 0; ; ) {
      const page = await service.readAll({ after, limit: 1000 });
      read += page.events.length;
      if (page.next === null) break;
      after = page.next;
    }
    const seconds = (performance.now() - started) / 1000;
    rows.push({ group: GROUP, name: `read all (${total} events, pages of 1000)`, value: Math.round(read / seconds), unit: 'events/s' });
    await service.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (await postgresReachable()) rows.push(...(await postgresRows()));
  return rows;
};

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** The table the PostgreSQL driver writes, with its indexes, without what makes it an event store (the append lock, streams, tags). */
const RAW_POSTGRES_SCHEMA = `
CREATE TABLE raw_events (
  position BIGSERIAL PRIMARY KEY, id TEXT NOT NULL UNIQUE, aggregate_type TEXT NOT NULL, aggregate_id TEXT NOT NULL,
  version INTEGER NOT NULL, type TEXT NOT NULL, payload JSONB NOT NULL, metadata JSONB NOT NULL, schema_version INTEGER NOT NULL,
  created TIMESTAMPTZ NOT NULL, correlation_id TEXT, UNIQUE (aggregate_type, aggregate_id, version));
CREATE INDEX raw_events_by_type ON raw_events (type, position);
CREATE INDEX raw_events_by_aggregate_type ON raw_events (aggregate_type, position);
CREATE INDEX raw_events_by_correlation ON raw_events (correlation_id, position) WHERE correlation_id IS NOT NULL;`;

const RAW_INSERT = `INSERT INTO raw_events (id, aggregate_type, aggregate_id, version, type, payload, metadata, schema_version, created, correlation_id)
  SELECT id, 'Order', $1, $2 + n, 'OrderNoted', payload, '{"correlationId":"bench"}', 1, now(), 'bench'
  FROM unnest($3::text[], $4::jsonb[]) WITH ORDINALITY AS r (id, payload, n)`;

/**
 * The append figures again on PostgreSQL, against raw `pg` inserts of the same rows (one
 * statement per append, as the driver makes) through a pool of the same size, in the same run.
 */
async function postgresRows(): Promise<BenchRow[]> {
  const schema = await freshSchema('pattern_bench');
  const pool = createPool(schema.url);
  const service = serviceOver(await createPostgresDriver(schema.url));
  const rows: BenchRow[] = [];
  try {
    await pool.query(RAW_POSTGRES_SCHEMA);
    let seq = 0;
    const raw = (stream: string, from: number, payloads: Array<Record<string, unknown>>) =>
      pool.query({
        name: 'raw_insert',
        text: RAW_INSERT,
        values: [stream, from - 1, payloads.map(() => `raw-${++seq}`), payloads.map((p) => JSON.stringify(p))],
      });
    const ours = (stream: string, payloads: Array<Record<string, unknown>>) =>
      service.append(
        { aggregateType: 'Order', aggregateId: stream },
        payloads.map((p): NewEvent => ({ type: 'OrderNoted', payload: p })),
        { metadata: { correlationId: 'bench' } },
      );
    const figure = (name: string, events: number, rates: { ours: number; baseline: number }, baselineName: string): BenchRow => ({
      group: GROUP,
      name,
      value: Math.round(rates.ours * events),
      unit: 'events/s',
      baseline: Math.round(rates.baseline * events),
      baselineName,
      ratio: rates.ours / rates.baseline,
      target: '>= 0.5 of raw',
      met: rates.ours / rates.baseline >= 0.5,
    });

    // One append at a time, one event each: a stream's next version is known to the raw side, as it would be to a careful caller.
    let single = 0;
    let rawSingle = 0;
    const versions = new Map<string, number>();
    const nextVersion = (stream: string) => {
      const version = (versions.get(stream) ?? 0) + 1;
      versions.set(stream, version);
      return version;
    };
    rows.push(
      figure(
        'PostgreSQL: append, single events (events/s)',
        1,
        await sideBySide(
          () => ours(`s-${++single % 1000}`, [payload(single)]),
          () => {
            const stream = `r-${++rawSingle % 1000}`;
            return raw(stream, nextVersion(stream), [payload(rawSingle)]);
          },
        ),
        'raw pg insert',
      ),
    );

    // Sixteen appends in flight at once: ours take turns for gapless positions in commit order, raw inserts do not.
    const LANES = 16;
    rows.push(
      figure(
        `PostgreSQL: append, single events, ${LANES} at once (events/s)`,
        LANES,
        await sideBySide(
          () => Promise.all(Array.from({ length: LANES }, (_, lane) => ours(`c-${lane}`, [payload(++single)]))),
          () =>
            Promise.all(
              Array.from({ length: LANES }, (_, lane) => {
                const stream = `rc-${lane}`;
                return raw(stream, nextVersion(stream), [payload(++rawSingle)]);
              }),
            ),
        ),
        `raw pg inserts, ${LANES} at once`,
      ),
    );

    // Batches of 100 in one append, against 100 rows in one raw statement.
    let batches = 0;
    let rawBatches = 0;
    const batchOf = (batch: number) => Array.from({ length: 100 }, (_, i) => payload(batch * 100 + i));
    rows.push(
      figure(
        'PostgreSQL: append, batches of 100 (events/s)',
        100,
        await sideBySide(
          () => ours(`b-${++batches}`, batchOf(batches)),
          () => raw(`rb-${++rawBatches}`, 1, batchOf(rawBatches)),
        ),
        'raw pg insert of 100 rows',
      ),
    );

    // The same, with payloads that name no entity: what the tag index costs shows as the difference.
    const plain = Array.from({ length: 100 }, (_, i) => ({ note: 'a line of text about the order', amount: i }));
    rows.push(
      figure(
        'PostgreSQL: append, batches of 100 without correlated ids (events/s)',
        100,
        await sideBySide(
          () => ours(`b-${++batches}`, plain),
          () => raw(`rb-${++rawBatches}`, 1, plain),
        ),
        'raw pg insert of 100 rows',
      ),
    );
  } finally {
    await service.close();
    await pool.end();
    await schema.drop();
  }
  return rows;
}
