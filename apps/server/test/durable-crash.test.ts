import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { callJson, type ServerProcess, spawnServer, stopServer, tempDir } from '@pattern/testing';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { durableWorkflow, nodeStatuses, readLines } from './durable-helpers.ts';
import { root } from './helpers.ts';

/**
 * A durable run killed with SIGKILL while its fourth node runs is taken up by the next start:
 * the same run, its store.put not done again, the fourth node run again under the same key,
 * its lease still held by the run until it ends, and every mod's onRunSettle called once.
 */

const call = callJson;

function exited(child: ChildProcess): Promise<unknown> {
  return new Promise((resolve) => child.once('exit', resolve));
}

/** The run's node statuses as history committed them (a reader beside the server, as WAL allows). */
function committedNodes(dataDir: string, runId: string): Record<string, string> {
  const file = join(dataDir, 'pattern.db');
  if (!existsSync(file)) return {};
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare<[string], { traces: string | null }>('SELECT traces FROM runs WHERE id = ?').get(runId);
    return nodeStatuses(row?.traces ?? null);
  } finally {
    db.close();
  }
}

async function untilCommitted(dataDir: string, runId: string, expected: Record<string, string>): Promise<void> {
  for (;;) {
    const nodes = committedNodes(dataDir, runId);
    if (Object.entries(expected).every(([id, status]) => nodes[id] === status)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function untilSettled(url: string, runId: string) {
  for (;;) {
    const run = await call(url, 'GET', `/api/runs/${runId}`);
    if (run.status === 200 && run.body.status !== 'running') return run.body;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

it('a durable run killed mid-run completes after restart, its put done once and its hooks called once', async () => {
  const dataDir = tempDir('pattern-durable-crash-');
  const stepsLog = join(dataDir, 'steps.log');
  const settleLog = join(dataDir, 'settle.log');
  const config = { dataDir, mods: ['@pattern/mod-store', join(root, 'apps/server/test/fixtures/durable-steps-mod.ts')] };
  const env = { STEPS_LOG: stepsLog, SETTLE_LOG: settleLog };
  const kill = async (server: ServerProcess) => {
    const gone = exited(server.child);
    server.child.kill('SIGKILL');
    await gone;
  };

  const first = await spawnServer(dataDir, config, { ...env, STEPS_HOLD: 'hold' });
  expect((await call(first.url, 'PUT', '/api/workflows/place', durableWorkflow)).status).toBe(201);
  const started = await call(first.url, 'POST', '/api/runs', { workflowId: 'place', input: { status: 'open' }, wait: false });
  expect(started.status).toBe(202);
  const runId: string = started.body.id;
  await untilCommitted(dataDir, runId, { in: 'ok', lease: 'ok', put: 'ok', hold: 'running' });
  await kill(first);

  // Killed again in the same node on the next start: still the same run, a second recovery.
  const second = await spawnServer(dataDir, config, { ...env, STEPS_HOLD: 'hold' });
  while (readLines(stepsLog).length < 2) await new Promise((resolve) => setTimeout(resolve, 20));
  const held = await call(second.url, 'GET', '/api/store/leases');
  expect(held.body.leases).toEqual([expect.objectContaining({ key: 'order-lock', owner: runId, token: 1 })]);
  await kill(second);

  const third = await spawnServer(dataDir, config, env);
  const run = await untilSettled(third.url, runId);
  expect(run).toMatchObject({ id: runId, status: 'ok', durable: true, recoveries: 2 });
  expect(run.output).toMatchObject({ id: 'o-1', version: 1, data: { status: 'open' } });
  expect(run.nodes.put).toMatchObject({ status: 'ok', outputs: { ok: true, doc: { version: 1 } } });

  // The put ran once: the document is at version 1.
  const doc = await call(third.url, 'GET', '/api/store/collections/orders/docs/o-1');
  expect(doc.body).toMatchObject({ version: 1 });
  // The held node ran once per start, always under the same key, knowing its run is durable.
  expect(readLines(stepsLog)).toEqual([`${runId}:hold true`, `${runId}:hold true`, `${runId}:hold true`]);
  // onRunSettle ran once, at the final settle; the lease went with it.
  expect(readLines(settleLog)).toEqual([`${runId} ok `]);
  expect((await call(third.url, 'GET', '/api/store/leases')).body.leases).toEqual([]);
  await stopServer(third);
  expect(readFileSync(settleLog, 'utf8').trim().split('\n')).toHaveLength(1);
}, 180_000);
