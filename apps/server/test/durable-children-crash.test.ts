import { join } from 'node:path';
import { spawnServer, stopServer, tempDir } from '@pattern/testing';
import { expect, it } from 'vitest';
import { readLines } from './durable-helpers.ts';
import { call, committed, kill, until, untilSettled } from './durable-process.ts';
import { edge, root } from './helpers.ts';

/**
 * Child runs of a durable run, killed with SIGKILL while they run: after the restart the parent's
 * node, run again, finds its children (a settled one answers from its record, a running one goes
 * on under its own id), so the store writes inside them happen once.
 */

const config = (dataDir: string) => ({ dataDir, mods: ['@pattern/mod-store', join(root, 'apps/server/test/fixtures/durable-hold-mod.ts')] });

const reserve = {
  nodes: [
    { id: 'in', op: 'flow.input' },
    { id: 'put', op: 'store.put', config: { collection: 'orders', id: 'o-1' } },
    { id: 'hold', op: 'hold.pass' },
    { id: 'out', op: 'flow.output' },
  ],
  edges: [edge('in', 'value', 'put', 'data'), edge('put', 'doc', 'hold', 'value'), edge('hold', 'value', 'out', 'value')],
};

const order = {
  durable: true,
  nodes: [
    { id: 'in', op: 'flow.input' },
    { id: 'call', op: 'workflow.call', config: { workflow: 'reserve' } },
    { id: 'out', op: 'flow.output' },
  ],
  edges: [edge('in', 'value', 'call', 'input'), edge('call', 'output', 'out', 'value')],
};

const line = {
  nodes: [
    { id: 'in', op: 'flow.input' },
    { id: 'put', op: 'store.put', config: { collection: 'lines' } },
    { id: 'hold', op: 'hold.pass' },
    { id: 'out', op: 'flow.output' },
  ],
  edges: [edge('in', 'value', 'put', 'data'), edge('put', 'doc', 'hold', 'value'), edge('hold', 'value', 'out', 'value')],
};

const lines = {
  durable: true,
  nodes: [
    { id: 'in', op: 'flow.input' },
    { id: 'map', op: 'flow.map', config: { workflow: 'line', concurrency: 5 } },
    { id: 'out', op: 'flow.output' },
  ],
  edges: [edge('in', 'value', 'map', 'items'), edge('map', 'results', 'out', 'value')],
};

it('a durable parent killed while its child runs a later node puts once after the restart', async () => {
  const dataDir = tempDir('pattern-durable-child-');
  const holdLog = join(dataDir, 'hold.log');
  const first = await spawnServer(dataDir, config(dataDir), { HOLD_LOG: holdLog, HOLD_VALUES: 'o' });
  expect((await call(first.url, 'PUT', '/api/workflows/reserve', reserve)).status).toBe(201);
  expect((await call(first.url, 'PUT', '/api/workflows/order', order)).status).toBe(201);
  const started = await call(first.url, 'POST', '/api/runs', { workflowId: 'order', input: { item: 'o' }, wait: false });
  const runId: string = started.body.id;
  await until(() => committed(dataDir, { parentRunId: runId }).some((c) => c.nodes.put === 'ok' && c.nodes.hold === 'running'));
  const [left] = committed(dataDir, { parentRunId: runId });
  await kill(first);

  const second = await spawnServer(dataDir, config(dataDir), { HOLD_LOG: holdLog });
  const run = await untilSettled(second.url, runId);
  expect(run).toMatchObject({ status: 'ok', recoveries: 1, output: { id: 'o-1', version: 1 } });
  // The same child went on: its put reused, its held node run again under the same key.
  const children = committed(dataDir, { parentRunId: runId });
  expect(children).toEqual([expect.objectContaining({ id: left?.id, status: 'ok', childKey: 'call1' })]);
  expect(readLines(holdLog)).toEqual([`${left?.id}:hold`, `${left?.id}:hold`]);
  expect((await call(second.url, 'GET', '/api/store/collections/orders/docs/o-1')).body).toMatchObject({ version: 1 });
  await stopServer(second);
}, 180_000);

it('a durable flow.map over 5 items, each doing a put, killed mid-way, ends with exactly 5 puts', async () => {
  const dataDir = tempDir('pattern-durable-map-');
  const first = await spawnServer(dataDir, config(dataDir), { HOLD_VALUES: '3,4,5' });
  expect((await call(first.url, 'PUT', '/api/workflows/line', line)).status).toBe(201);
  expect((await call(first.url, 'PUT', '/api/workflows/lines', lines)).status).toBe(201);
  const started = await call(first.url, 'POST', '/api/runs', { workflowId: 'lines', input: [1, 2, 3, 4, 5], wait: false });
  const runId: string = started.body.id;
  await until(() => {
    const children = committed(dataDir, { parentRunId: runId });
    return children.filter((c) => c.status === 'ok').length === 2 && children.filter((c) => c.nodes.hold === 'running').length === 3;
  });
  const before = committed(dataDir, { parentRunId: runId }).map((c) => c.id);
  await kill(first);

  const second = await spawnServer(dataDir, config(dataDir), {});
  const run = await untilSettled(second.url, runId);
  expect(run).toMatchObject({ status: 'ok', recoveries: 1 });
  expect(run.output.map((doc: { data: { item: number } }) => doc.data.item)).toEqual([1, 2, 3, 4, 5]);
  const children = committed(dataDir, { parentRunId: runId });
  expect(children.map((c) => c.id).sort()).toEqual(before.sort());
  expect(children.map((c) => c.childKey).sort()).toEqual(['0', '1', '2', '3', '4']);
  const docs = (await call(second.url, 'GET', '/api/store/collections/lines/docs')).body;
  expect(docs.docs).toHaveLength(5);
  expect(docs.docs.every((doc: { version: number }) => doc.version === 1)).toBe(true);
  await stopServer(second);
}, 180_000);
