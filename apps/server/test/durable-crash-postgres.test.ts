import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freshSchema, type ServerProcess, spawnServer, stopServer, tempDir } from '@pattern/testing';
import pg from 'pg';
import { afterEach, expect, it } from 'vitest';
import { durableWorkflow, nodeStatuses, readLines } from './durable-helpers.ts';
import { root } from './helpers.ts';

/**
 * Three servers on one database; the one running a durable run is killed with SIGKILL. Once its
 * heartbeat is stale, one of the two survivors takes the run up (they claim it in the database),
 * and it completes there: once, with the same id, its put not done again, its hooks called once.
 */

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function call(server: ServerProcess, method: string, path: string, body?: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as any };
}

function exited(child: ChildProcess): Promise<unknown> {
  return new Promise((resolve) => child.once('exit', resolve));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('a survivor resumes the durable run of a server that died, exactly once', async () => {
  const { url, drop } = await freshSchema('pattern_durable');
  cleanups.push(drop);
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  cleanups.push(() => db.end());
  const dir = tempDir('pattern-durable-pg-');
  const stepsLog = join(dir, 'steps.log');
  const settleLog = join(dir, 'settle.log');
  const mods = ['@pattern/mod-store', join(root, 'apps/server/test/fixtures/durable-steps-mod.ts')];
  const env = { STEPS_LOG: stepsLog, SETTLE_LOG: settleLog };
  const spawn = async (name: string, extra: Record<string, string> = {}) => {
    const server = await spawnServer(join(dir, name), { dataDir: join(dir, name, 'data'), databaseUrl: url, mods }, { ...env, ...extra });
    cleanups.push(() => stopServer(server));
    return server;
  };

  const doomed = await spawn('a', { STEPS_HOLD: 'hold' });
  const survivors = [await spawn('b'), await spawn('c')];
  expect((await call(doomed, 'PUT', '/api/workflows/place', durableWorkflow)).status).toBe(201);
  const started = await call(doomed, 'POST', '/api/runs', { workflowId: 'place', input: { status: 'open' }, wait: false });
  expect(started.status).toBe(202);
  const runId: string = started.body.id;
  for (;;) {
    const { rows } = await db.query<{ traces: string | null }>('SELECT traces::text AS traces FROM runs WHERE id = $1', [runId]);
    const nodes = nodeStatuses(rows[0]?.traces ?? null);
    if (nodes.put === 'ok' && nodes.hold === 'running') break;
    await sleep(20);
  }
  const gone = exited(doomed.child);
  doomed.child.kill('SIGKILL');
  await gone;
  // A dead server beats no more; age its last beat rather than wait three beats for it to go stale.
  await db.query("UPDATE instances SET heartbeat_at = now() - interval '1 hour' WHERE id = (SELECT instance FROM runs WHERE id = $1)", [runId]);

  let run: any;
  for (;;) {
    run = (await call(survivors[0] as ServerProcess, 'GET', `/api/runs/${runId}`)).body;
    if (run?.status !== 'running') break;
    await sleep(100);
  }
  expect(run).toMatchObject({ id: runId, status: 'ok', durable: true, recoveries: 1, output: { id: 'o-1', version: 1 } });
  // Wait out another recovery round of both survivors: nobody takes the run up again.
  await sleep(16_000);
  expect(readLines(stepsLog)).toEqual([`${runId}:hold true`, `${runId}:hold true`]);
  expect(readLines(settleLog)).toEqual([`${runId} ok `]);
  expect((await call(survivors[1] as ServerProcess, 'GET', '/api/store/collections/orders/docs/o-1')).body).toMatchObject({ version: 1 });
  expect((await call(survivors[1] as ServerProcess, 'GET', '/api/store/leases')).body.leases).toEqual([]);
}, 180_000);
