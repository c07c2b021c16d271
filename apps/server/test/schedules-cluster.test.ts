import { join } from 'node:path';
import type { RunSummary } from '@pattern/core';
import { freshSchema, type ServerProcess, spawnServer, stopServer, tempDir } from '@pattern/testing';
import { testServer } from '@pattern/testing/server';
import { afterEach, describe, expect, it } from 'vitest';
import { edge } from './helpers.ts';

/**
 * Every server on one database keeps every schedule; a tick runs on the server that claims it in
 * the database first. Killing one server mid-way loses no tick and runs none twice.
 */

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const TICKS = 30;
/** Servers on one database share the key their secrets are encrypted with. */
const SECRET_KEY = 'c0'.repeat(32);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function call(server: ServerProcess, path: string, method = 'GET', body?: unknown) {
  const answer = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: answer.status, body: (await answer.json().catch(() => null)) as Record<string, any> | null };
}

async function scheduledRuns(server: ServerProcess): Promise<RunSummary[]> {
  const runs: RunSummary[] = [];
  let cursor: string | undefined;
  do {
    const page = await call(server, `/api/runs?workflowId=ticker&limit=500${cursor ? `&cursor=${cursor}` : ''}`);
    runs.push(...((page.body?.runs ?? []) as RunSummary[]));
    cursor = page.body?.next ?? undefined;
  } while (cursor);
  return runs.filter((run) => run.trigger.kind === 'schedule');
}

describe('schedules across servers on PostgreSQL', () => {
  it(`runs ${TICKS} ticks exactly once each while one of two servers is killed mid-way`, async () => {
    const schema = await freshSchema('schedules');
    cleanups.push(schema.drop);
    const start = (name: string) =>
      spawnServer(join(tempDir(), name), { dataDir: join(tempDir(), name), databaseUrl: schema.url, mods: [] }, { PATTERN_SECRET_KEY: SECRET_KEY });
    const [doomed, survivor] = await Promise.all([start('a'), start('b')]);
    cleanups.push(
      () => stopServer(survivor),
      () => stopServer(doomed, 'SIGKILL'),
    );

    const ticker = {
      nodes: [
        { id: 'tick', op: 'schedule.trigger', config: { cron: '* * * * * *' } },
        { id: 'out', op: 'flow.output', config: { key: 'tick' } },
      ],
      edges: [edge('tick', 'tick', 'out', 'value')],
    };
    expect((await call(doomed, '/api/workflows/ticker', 'PUT', ticker)).status).toBe(201);
    // The survivor hears of the save over LISTEN and schedules it too.
    for (let i = 0; i < 200 && (await call(survivor, '/api/workflows/ticker/state')).body?.schedule?.nextFireAt == null; i++) await sleep(25);

    let first: number | undefined;
    while (first === undefined) {
      const runs = await scheduledRuns(survivor);
      if (runs.length > 0) first = Math.min(...runs.map((run) => Date.parse(run.trigger.detail ?? '')));
      else await sleep(100);
    }
    const last = first + (TICKS - 1) * 1000;

    // Mid-way through the ticks, between two of them, one server dies without a word.
    await sleep(Math.max(0, first + (TICKS / 2) * 1000 + 500 - Date.now()));
    doomed.child.kill('SIGKILL');
    await new Promise((resolve) => doomed.child.once('exit', resolve));

    await sleep(Math.max(0, last + 500 - Date.now()));
    let counted: RunSummary[] = [];
    for (let i = 0; i < 40; i++) {
      counted = (await scheduledRuns(survivor)).filter((run) => {
        const at = Date.parse(run.trigger.detail ?? '');
        return at >= (first as number) && at <= last;
      });
      if (counted.length >= TICKS) break;
      await sleep(100);
    }
    await call(survivor, '/api/workflows/ticker/state', 'PUT', { active: false });

    const times = counted.map((run) => Date.parse(run.trigger.detail ?? '')).sort((a, b) => a - b);
    expect(new Set(times).size, 'no tick ran twice').toBe(times.length);
    expect(times, 'every tick ran').toEqual(Array.from({ length: TICKS }, (_, i) => (first as number) + i * 1000));
    const ticks = counted.map((run) => (run.output as { tick?: number } | undefined)?.tick).filter((tick) => tick !== undefined);
    expect(new Set(ticks).size, 'each claimed tick got its own count').toBe(ticks.length);
    const output = doomed.output();
    expect(output).not.toMatch(/unhandled/i);
  }, 90_000);

  it('pauses a workflow on every server at once: its route answers 503 everywhere until it is resumed', async () => {
    const schema = await freshSchema('schedules_pause');
    cleanups.push(schema.drop);
    const [one, two] = await Promise.all([
      testServer({ databaseUrl: schema.url, seed: false, secretKey: SECRET_KEY }),
      testServer({ databaseUrl: schema.url, seed: false, secretKey: SECRET_KEY }),
    ]);
    cleanups.push(
      () => (one as { stop(): Promise<void> }).stop(),
      () => (two as { stop(): Promise<void> }).stop(),
    );
    const a = one as Awaited<ReturnType<typeof testServer>>;
    const b = two as Awaited<ReturnType<typeof testServer>>;
    const put = (server: typeof a, path: string, body: unknown) =>
      fetch(`${server.url}${path}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const greet = {
      nodes: [
        { id: 'req', op: 'http.request', config: { path: '/greet' } },
        { id: 'res', op: 'http.response', config: { body: 'hi' } },
      ],
      edges: [],
    };
    expect((await put(a, '/api/workflows/greet', greet)).status).toBe(201);
    for (let i = 0; i < 200 && (await fetch(`${b.url}/greet`)).status !== 200; i++) await sleep(25);

    expect((await put(a, '/api/workflows/greet/state', { active: false })).status).toBe(200);
    let status = 0;
    for (let i = 0; i < 200 && status !== 503; i++) {
      status = (await fetch(`${b.url}/greet`)).status;
      if (status !== 503) await sleep(25);
    }
    expect(status).toBe(503);
    expect(await (await fetch(`${b.url}/api/workflows/greet/state`)).json()).toMatchObject({ active: false });

    await put(b, '/api/workflows/greet/state', { active: true });
    for (let i = 0; i < 200 && status !== 200; i++) {
      status = (await fetch(`${a.url}/greet`)).status;
      if (status !== 200) await sleep(25);
    }
    expect(status).toBe(200);
  });
});
