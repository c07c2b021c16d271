import type { ChildProcess } from 'node:child_process';
import { callJson, spawnServer, stopServer, tempDir } from '@pattern/testing';
import { expect, it } from 'vitest';
import { edge } from './helpers.ts';

const call = callJson;

function exited(child: ChildProcess): Promise<unknown> {
  return new Promise((resolve) => child.once('exit', resolve));
}

async function errorRuns(url: string): Promise<Array<{ workflowId: string; status: string; trigger: { detail?: string } }>> {
  const { body } = await call(url, 'GET', '/api/runs?limit=500');
  return body.runs.filter((run: { trigger: { kind: string } }) => run.trigger.kind === 'error');
}

it('a run that a SIGKILL interrupted triggers its error workflow once, at the next start', async () => {
  const dataDir = tempDir('pattern-error-crash-');
  const first = await spawnServer(dataDir, { dataDir, mods: [] });
  const handler = {
    nodes: [
      { id: 'in', op: 'flow.input' },
      { id: 'out', op: 'flow.output' },
    ],
    edges: [edge('in', 'value', 'out', 'value')],
  };
  expect((await call(first.url, 'PUT', '/api/workflows/handler', handler)).status).toBe(201);
  const slow = { onError: 'handler', nodes: [{ id: 'hold', op: 'flow.delay', config: { ms: 600_000, value: 1 } }] };
  expect((await call(first.url, 'PUT', '/api/workflows/slow', slow)).status).toBe(201);
  const started = await call(first.url, 'POST', '/api/runs', { workflowId: 'slow', wait: false });
  expect(started.status).toBe(202);
  const gone = exited(first.child);
  first.child.kill('SIGKILL');
  await gone;

  const second = await spawnServer(dataDir, { dataDir, mods: [] });
  let found = await errorRuns(second.url);
  while (found.length === 0 || found.some((run) => run.status === 'running')) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    found = await errorRuns(second.url);
  }
  expect(found).toEqual([
    expect.objectContaining({ workflowId: 'handler', status: 'ok', trigger: expect.objectContaining({ detail: started.body.id }) }),
  ]);
  const handled = await call(second.url, 'GET', `/api/runs/${(found[0] as unknown as { id: string }).id}`);
  expect(handled.body.output).toMatchObject({ run: { id: started.body.id, workflowId: 'slow', error: { code: 'interrupted' } } });
  await stopServer(second);

  // A third start finds nothing left to recover: the error workflow does not run again.
  const third = await spawnServer(dataDir, { dataDir, mods: [] });
  expect(await errorRuns(third.url)).toHaveLength(1);
  await stopServer(third);
});
