import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { callJson, spawnServer, stopServer, tempDir } from '@pattern/testing';
import { expect, it } from 'vitest';

const holdMod = fileURLToPath(new URL('./fixtures/put-and-hold-mod.ts', import.meta.url));

const call = callJson;

const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);
const exited = (child: ChildProcess) => new Promise((resolve) => child.once('exit', resolve));

it('a durable run killed after its node wrote, while the node still ran, writes once: the node run again is answered the first write', async () => {
  const dataDir = tempDir('pattern-durable-put-');
  const putLog = join(dataDir, 'puts.log');
  const config = { dataDir, mods: ['@pattern/mod-store', holdMod] };
  const workflow = {
    name: 'Place an order',
    durable: true,
    nodes: [
      { id: 'place', op: 'hold.put' },
      { id: 'out', op: 'flow.output' },
    ],
    edges: [{ from: { node: 'place', port: 'id' }, to: { node: 'out', port: 'value' } }],
  };

  const first = await spawnServer(dataDir, config, { PUT_LOG: putLog, HOLD: '1' });
  expect((await call(first.url, 'PUT', '/api/workflows/place', workflow)).status).toBe(201);
  const started = await call(first.url, 'POST', '/api/runs', { workflowId: 'place', input: { total: 42 }, wait: false });
  expect(started.status).toBe(202);
  while (lines(putLog).length < 1) await new Promise((resolve) => setTimeout(resolve, 20));
  const gone = exited(first.child);
  first.child.kill('SIGKILL');
  await gone;

  const second = await spawnServer(dataDir, config, { PUT_LOG: putLog });
  let run: any;
  for (;;) {
    run = (await call(second.url, 'GET', `/api/runs/${started.body.id}`)).body;
    if (run?.status !== 'running') break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  expect(run).toMatchObject({ status: 'ok', durable: true, recoveries: 1 });
  // The node ran twice and was answered the same document both times; one order was written.
  const [written, again] = lines(putLog);
  expect(again).toBe(written);
  expect(run.output).toBe(written);
  const orders = await call(second.url, 'GET', '/api/store/collections/orders/docs');
  expect(orders.body.docs).toEqual([expect.objectContaining({ id: written, version: 1, data: { total: 42 } })]);
  await stopServer(second);
}, 120_000);
