import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freshSchema, spawnServer, stopServer, tempDir } from '@pattern/testing';
import { testServer } from '@pattern/testing/server';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSettings, type PatternServer, resolveSettings } from '../src/index.ts';
import { edge, json } from './helpers.ts';

/** A workflow whose one node `op` gets the run's input on `port` and outputs what it emits on `out`. */
function around(op: string, config: Record<string, unknown>, port: string, out: string) {
  return {
    nodes: [
      { id: 'in', op: 'flow.input' },
      { id: 'step', op, config },
      { id: 'out', op: 'flow.output' },
    ],
    edges: [edge('in', 'value', 'step', port), edge('step', out, 'out', 'value')],
  };
}

const itemIndex = around('object.get', { path: 'index' }, 'object', 'value');

let server: PatternServer | undefined;
let dropSchema: (() => Promise<void>) | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
  await dropSchema?.();
  dropSchema = undefined;
});

async function put(target: { url: string }, id: string, document: unknown) {
  const response = await fetch(`${target.url}/api/workflows/${id}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(document),
  });
  expect(response.ok, await response.clone().text()).toBe(true);
}

describe.each(['sqlite', 'postgres'])('child runs in history on %s', (driver) => {
  it('links a child run to its parent, and its parent’s trace to it', async () => {
    if (driver === 'postgres') {
      const schema = await freshSchema();
      dropSchema = schema.drop;
      server = await testServer({ databaseUrl: schema.url });
    } else server = await testServer();
    await put(server, 'double', around('math.multiply', { b: 2 }, 'a', 'result'));
    await put(server, 'caller', around('workflow.call', { workflow: 'double' }, 'input', 'output'));
    const run = await json(server, '/api/runs', { method: 'POST', body: { workflowId: 'caller', input: 4 } });
    expect(run.body).toMatchObject({ status: 'ok', output: 8 });
    const childId = run.body?.nodes.step.children.runs[0].runId as string;
    const child = await json(server, `/api/runs/${childId}`);
    expect(child.body).toMatchObject({ workflowId: 'double', parentRunId: run.body?.id, parentNodeId: 'step', status: 'ok', output: 8 });
    const listed = await json(server, '/api/runs?workflowId=double');
    expect(listed.body?.runs[0]).toMatchObject({ id: childId, parentRunId: run.body?.id, parentNodeId: 'step' });
    const parent = await json(server, `/api/runs/${run.body?.id}`);
    expect(parent.body?.nodes.step.children).toMatchObject({ total: 1, ok: 1, runs: [{ runId: childId, status: 'ok' }] });
    const children = await json(server, `/api/runs?parentRunId=${run.body?.id}`);
    expect(children.body?.runs.map((r: { id: string }) => r.id)).toEqual([childId]);
    const topLevel = await json(server, '/api/runs?topLevel=true');
    expect(topLevel.body?.runs.map((r: { id: string }) => r.id)).toEqual([run.body?.id]);
    expect((await json(server, '/api/runs?topLevel=maybe')).status).toBe(400);
  });
});

describe('child runs over the API', () => {
  it('saves a call of a workflow that does not exist with a problem naming the field', async () => {
    server = await testServer();
    const response = await json(server, '/api/workflows/caller', {
      method: 'PUT',
      body: around('workflow.call', { workflow: 'nope' }, 'input', 'output'),
    });
    expect(response.body?.valid).toBe(false);
    expect(response.body?.problems).toEqual([expect.objectContaining({ code: 'unknown_workflow', path: 'nodes[1].config.workflow' })]);
  });

  it('reads runs.maxDepth, refuses a bad one, and stops calls nested deeper', async () => {
    expect(resolveSettings({}, {}, '/srv').maxCallDepth).toBe(16);
    expect(resolveSettings({ runs: { maxDepth: 2 } }, {}, '/srv').maxCallDepth).toBe(2);
    const dir = tempDir();
    writeFileSync(join(dir, 'pattern.config.json'), JSON.stringify({ runs: { maxDepth: -1 } }));
    expect(() => loadSettings({}, dir)).toThrow(/runs\.maxDepth/);
    server = await testServer({ maxCallDepth: 2 });
    await put(server, 'self', around('value.const', {}, 'value', 'value'));
    await put(server, 'self', around('workflow.call', { workflow: 'self' }, 'input', 'output'));
    const run = await json(server, '/api/runs', { method: 'POST', body: { workflowId: 'self', input: 1 } });
    expect(run.body?.error).toMatchObject({ code: 'call_depth', message: expect.stringContaining('self → self → self → self') });
  });
});

/** Resident memory of a process, in bytes, from /proc. */
function rssOf(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1] ?? 0) * 1024;
}

describe('flow.map over 10,000 items in a real server process', () => {
  it('finishes with its memory within 100 MB of idle', async () => {
    const dir = tempDir();
    const spawned = await spawnServer(dir, { dataDir: dir, mods: [] });
    try {
      const pid = spawned.child.pid as number;
      await put(spawned, 'item', itemIndex);
      await put(spawned, 'map', around('flow.map', { workflow: 'item', concurrency: 8 }, 'items', 'results'));
      const post = (items: number) =>
        fetch(`${spawned.url}/api/runs`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ workflowId: 'map', input: new Array(items).fill(0) }),
        }).then((r) => r.json() as Promise<Record<string, any>>);
      // Warmed up first, so idle means the code is loaded and the database open.
      expect((await post(200)).status).toBe('ok');
      const idle = rssOf(pid);
      let peak = idle;
      const sampler = setInterval(() => {
        peak = Math.max(peak, rssOf(pid));
      }, 20);
      const run = await post(10_000);
      clearInterval(sampler);
      peak = Math.max(peak, rssOf(pid));
      expect(run.status).toBe('ok');
      expect(run.nodes.step.children).toMatchObject({ total: 10_000, ok: 10_000, error: 0 });
      expect(run.nodes.step.children.runs).toHaveLength(1000);
      const last = await fetch(`${spawned.url}/api/runs/${run.nodes.step.children.runs[999].runId}`).then(
        (r) => r.json() as Promise<Record<string, any>>,
      );
      expect(last).toMatchObject({ parentRunId: run.id, output: 999 });
      expect(peak - idle, `idle ${Math.round(idle / 2 ** 20)} MB, peak ${Math.round(peak / 2 ** 20)} MB`).toBeLessThan(100 * 2 ** 20);
    } finally {
      await stopServer(spawned);
    }
  }, 180_000);
});
