import { join } from 'node:path';
import { spawnServer, stopServer, tempDir } from '@pattern/testing';
import { expect, it } from 'vitest';
import { durableWorkflow, readLines } from './durable-helpers.ts';
import { call, committed, exited, until, untilSettled } from './durable-process.ts';
import { edge, root } from './helpers.ts';

/**
 * A graceful stop (SIGTERM) leaves a durable run recorded `running`, its settled nodes committed,
 * no hook called and its lease still its own; the next start takes it up. A run that is not
 * durable is cancelled by the stop, as before.
 */

const plain = {
  nodes: [
    { id: 'in', op: 'flow.input' },
    { id: 'hold', op: 'steps.pass' },
    { id: 'out', op: 'flow.output' },
  ],
  edges: [edge('in', 'value', 'hold', 'value'), edge('hold', 'value', 'out', 'value')],
};

it('a durable run stopped by SIGTERM is left running, then taken up by the next start; a plain run is cancelled', async () => {
  const dataDir = tempDir('pattern-durable-sigterm-');
  const stepsLog = join(dataDir, 'steps.log');
  const settleLog = join(dataDir, 'settle.log');
  const config = { dataDir, mods: ['@pattern/mod-store', join(root, 'apps/server/test/fixtures/durable-steps-mod.ts')] };
  const env = { STEPS_LOG: stepsLog, SETTLE_LOG: settleLog };

  const first = await spawnServer(dataDir, config, { ...env, STEPS_HOLD: 'hold' });
  expect((await call(first.url, 'PUT', '/api/workflows/place', durableWorkflow)).status).toBe(201);
  expect((await call(first.url, 'PUT', '/api/workflows/plain', plain)).status).toBe(201);
  const runId: string = (await call(first.url, 'POST', '/api/runs', { workflowId: 'place', input: { status: 'open' }, wait: false })).body.id;
  const plainId: string = (await call(first.url, 'POST', '/api/runs', { workflowId: 'plain', input: 1, wait: false })).body.id;
  await until(() => committed(dataDir, { id: runId })[0]?.nodes.hold === 'running' && readLines(stepsLog).length === 2);
  const gone = exited(first.child);
  await stopServer(first);
  expect(await gone).toBe(0);
  expect(committed(dataDir, { id: runId })).toEqual([
    expect.objectContaining({ status: 'running', nodes: { in: 'ok', lease: 'ok', put: 'ok', hold: 'running', out: 'pending' } }),
  ]);
  expect(committed(dataDir, { id: plainId })[0]?.status).toBe('cancelled');
  // Only the plain run settled (cancelled by the stop); the durable run's hooks wait for its end.
  expect(readLines(settleLog)).toEqual([`${plainId} cancelled shutdown`]);

  // Taken up, and stopped again while it holds: its lease is still the run's, with the same token.
  const second = await spawnServer(dataDir, config, { ...env, STEPS_HOLD: 'hold' });
  await until(() => readLines(stepsLog).filter((l) => l.startsWith(runId)).length === 2);
  expect((await call(second.url, 'GET', '/api/store/leases')).body.leases).toEqual([
    expect.objectContaining({ key: 'order-lock', owner: runId, token: 1 }),
  ]);
  await stopServer(second);

  const third = await spawnServer(dataDir, config, env);
  const run = await untilSettled(third.url, runId);
  expect(run).toMatchObject({ id: runId, status: 'ok', durable: true, recoveries: 2, output: { id: 'o-1', version: 1 } });
  expect(readLines(stepsLog).filter((l) => l.startsWith(runId))).toEqual([`${runId}:hold true`, `${runId}:hold true`, `${runId}:hold true`]);
  expect(readLines(settleLog)).toEqual([`${plainId} cancelled shutdown`, `${runId} ok `]);
  expect((await call(third.url, 'GET', '/api/store/leases')).body.leases).toEqual([]);
  await stopServer(third);
}, 180_000);
