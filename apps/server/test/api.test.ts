import { tempDir } from '@pattern/testing';
import { testServer } from '@pattern/testing/server';
import { afterEach, describe, expect, it } from 'vitest';
import type { PatternServer } from '../src/index.ts';
import { edge, json } from './helpers.ts';

const echo = {
  nodes: [
    { id: 'in', op: 'flow.input' },
    { id: 'out', op: 'flow.output' },
  ],
  edges: [edge('in', 'value', 'out', 'value')],
};
const slow = { nodes: [{ id: 'wait', op: 'flow.delay', config: { ms: 30_000 } }], edges: [] };

let server: PatternServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe('HTTP API', () => {
  it('answers health and serves the catalog', async () => {
    server = await testServer();
    expect((await json(server, '/api/health')).body).toEqual({ ok: true, version: expect.any(String), auth: false });
    const { body } = await json(server, '/api/ops');
    const add = body?.ops.find((op: { name: string }) => op.name === 'math.add');
    expect(add.inputs[0]).toMatchObject({ name: 'a', kind: 'value', required: true, schema: { type: 'number' }, types: ['number'] });
    expect(add.outputs.map((p: { name: string }) => p.name)).toEqual(['result', 'error']);
  });

  it('runs an inline workflow and a saved one', async () => {
    server = await testServer();
    const inline = await json(server, '/api/runs', { method: 'POST', body: { workflow: echo, input: { n: 1 } } });
    expect(inline.status).toBe(200);
    expect(inline.body).toMatchObject({ status: 'ok', output: { n: 1 }, nodes: { in: { status: 'ok' }, out: { status: 'ok' } } });
    expect((await json(server, '/api/workflows/echo', { method: 'PUT', body: echo })).status).toBe(201);
    const saved = await json(server, '/api/runs', { method: 'POST', body: { workflowId: 'echo', input: 'hi' } });
    expect(saved.body).toMatchObject({ status: 'ok', output: 'hi', workflowId: 'echo' });
    const fetched = await json(server, `/api/runs/${saved.body?.id}`);
    expect(fetched.body?.output).toBe('hi');
  });

  it('a failing node is a run with status error, not an HTTP error', async () => {
    server = await testServer();
    const res = await json(server, '/api/runs', {
      method: 'POST',
      body: { workflow: { nodes: [{ id: 'f', op: 'flow.fail', config: { message: 'Out of stock' } }] } },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'error', error: { message: 'Out of stock', nodeId: 'f' } });
  });

  it('refuses bad input with the error shape and writes nothing', async () => {
    server = await testServer({ bodyLimitBytes: 2048 });
    const malformed = await json(server, '/api/runs', { method: 'POST', body: '{"workflow": ' });
    expect(malformed.status).toBe(400);
    expect(malformed.body?.error).toMatchObject({ code: 'invalid_json', message: expect.any(String) });

    const both = await json(server, '/api/runs', { method: 'POST', body: { workflow: echo, workflowId: 'x' } });
    expect(both.status).toBe(400);
    expect(both.body?.error.details.problems[0].path).toBe('workflow');

    const wrongType = await json(server, '/api/runs', { method: 'POST', body: { workflowId: 'x', wait: 'yes' } });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body?.error.message).toContain('wait');

    const huge = await json(server, '/api/workflows/big', { method: 'PUT', body: { ...echo, description: 'x'.repeat(5000) } });
    expect(huge.status).toBe(413);
    expect(huge.body?.error.code).toBe('too_large');

    const invalid = await json(server, '/api/workflows/broken', {
      method: 'PUT',
      body: { nodes: [{ id: 'save', op: 'math.add', config: { a: 'x' } }], edges: [edge('save', 'nope', 'save', 'b')] },
    });
    // A workflow with problems is kept as a draft that does not run, its problems located.
    expect(invalid.status).toBe(201);
    expect(invalid.body?.valid).toBe(false);
    expect(invalid.body?.problems.map((p: { path: string }) => p.path)).toEqual(expect.arrayContaining(['nodes[0].config.a', 'edges[0].from.port']));
    expect((await json(server, '/api/workflows/big')).status).toBe(404);

    const unknownWorkflow = await json(server, '/api/runs', { method: 'POST', body: { workflowId: 'nope' } });
    expect(unknownWorkflow.status).toBe(404);
    expect(unknownWorkflow.body?.error.code).toBe('not_found');
    const unknownOp = await json(server, '/api/ops/math.ad/invoke', { method: 'POST', body: {} });
    expect(unknownOp.status).toBe(404);
    expect(unknownOp.body?.error.message).toContain('math.add');
    const unknownPath = await json(server, '/api/nothing-here');
    expect(unknownPath.status).toBe(404);
    expect((await json(server, '/api/runs?status=weird')).status).toBe(400);
    expect((await json(server, '/api/health')).status).toBe(200);
  });

  it('invokes one op as a run', async () => {
    server = await testServer();
    const res = await json(server, '/api/ops/string.template/invoke', {
      method: 'POST',
      body: { inputs: { template: 'Hi {{ who }}', data: { who: 'Ada' } } },
    });
    expect(res.body).toMatchObject({ status: 'ok', output: { text: 'Hi Ada' }, trigger: { kind: 'invoke' } });
  });

  it('starts without waiting, then cancels', async () => {
    server = await testServer();
    const started = await json(server, '/api/runs', { method: 'POST', body: { workflow: slow, wait: false } });
    expect(started.status).toBe(202);
    expect(started.body?.status).toBe('running');
    const cancelled = await json(server, `/api/runs/${started.body?.id}/cancel`, { method: 'POST' });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', error: { code: 'cancelled' } });
    const again = await json(server, `/api/runs/${started.body?.id}/cancel`, { method: 'POST' });
    expect(again.status).toBe(409);
  });

  it('lists history newest first with filters and a cursor', async () => {
    server = await testServer();
    await json(server, '/api/workflows/echo', { method: 'PUT', body: echo });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await json(server, '/api/runs', { method: 'POST', body: { workflowId: 'echo', input: i } })).body?.id);
    await json(server, '/api/runs', { method: 'POST', body: { workflow: { nodes: [{ id: 'f', op: 'flow.fail', config: { message: 'x' } }] } } });
    const first = await json(server, '/api/runs?workflowId=echo&limit=2');
    expect(first.body?.runs.map((r: { id: string }) => r.id)).toEqual([ids[4], ids[3]]);
    const second = await json(server, `/api/runs?workflowId=echo&limit=2&cursor=${first.body?.next}`);
    expect(second.body?.runs.map((r: { id: string }) => r.id)).toEqual([ids[2], ids[1]]);
    const errors = await json(server, '/api/runs?status=error');
    expect(errors.body?.runs).toHaveLength(1);
    const list = await json(server, '/api/workflows');
    expect(list.body?.workflows.find((w: { id: string }) => w.id === 'echo').lastRun).toMatchObject({ id: ids[4], status: 'ok' });
  });

  it('keeps workflows and run history across a restart', async () => {
    const dataDir = tempDir();
    server = await testServer({ dataDir });
    await json(server, '/api/workflows/echo', { method: 'PUT', body: echo });
    const run = await json(server, '/api/runs', { method: 'POST', body: { workflowId: 'echo', input: 'kept' } });
    await server.stop();
    server = await testServer({ dataDir });
    expect((await json(server, '/api/workflows/echo')).body?.document.nodes).toHaveLength(2);
    expect((await json(server, `/api/runs/${run.body?.id}`)).body).toMatchObject({ status: 'ok', output: 'kept' });
  });

  it('marks large trace values as truncated in stored history, never silently', async () => {
    server = await testServer({ maxTraceValueBytes: 1024 });
    const big = 'y'.repeat(5000);
    const run = await json(server, '/api/runs', { method: 'POST', body: { workflow: echo, input: big } });
    expect(run.body?.output).toBe(big);
    await server.engine.runs.flush();
    const stored = await json(server, `/api/runs/${run.body?.id}`);
    expect(stored.body?.output).toMatchObject({ $truncated: true, bytes: 5002 });
    expect(stored.body?.nodes.in.outputs.value).toMatchObject({ $truncated: true });
  });
});

describe('workflow routes', () => {
  const route = (path: string, text: string) => ({
    nodes: [
      { id: 'req', op: 'http.request', config: { method: 'GET', path } },
      { id: 'text', op: 'string.template', config: { template: text } },
      { id: 'res', op: 'http.response' },
    ],
    edges: [edge('req', 'params', 'text', 'data'), edge('text', 'text', 'res', 'body')],
  });

  it('serves the seeded hello route', async () => {
    server = await testServer();
    const res = await fetch(`${server.url}/hello/Ada`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(await res.text()).toBe('Hello, Ada!');
    expect(await (await fetch(`${server.url}/hello/Ada%20Lovelace`)).text()).toBe('Hello, Ada Lovelace!');
  });

  it('adds, changes and removes routes live, and refuses a clash naming the owner', async () => {
    server = await testServer({ seed: false });
    expect((await fetch(`${server.url}/greet/Bo`)).status).toBe(404);
    await json(server, '/api/workflows/greet', { method: 'PUT', body: route('/greet/:name', 'Hi {{ name }}') });
    expect(await (await fetch(`${server.url}/greet/Bo`)).text()).toBe('Hi Bo');
    await json(server, '/api/workflows/greet', { method: 'PUT', body: route('/greet/:name', 'Hey {{ name }}') });
    expect(await (await fetch(`${server.url}/greet/Bo`)).text()).toBe('Hey Bo');
    const clash = await json(server, '/api/workflows/other', { method: 'PUT', body: route('/greet/:who', 'x') });
    expect(clash.status).toBe(409);
    expect(clash.body?.error).toMatchObject({ code: 'conflict', details: { workflowId: 'greet' } });
    expect((await json(server, '/api/workflows/greet', { method: 'DELETE' })).status).toBe(204);
    expect((await fetch(`${server.url}/greet/Bo`)).status).toBe(404);
  });

  it('answers 500 with the run id when the route workflow fails', async () => {
    server = await testServer({ seed: false });
    await json(server, '/api/workflows/broken', {
      method: 'PUT',
      body: {
        nodes: [
          { id: 'req', op: 'http.request', config: { path: '/broken' } },
          { id: 'fail', op: 'flow.fail', config: { message: 'nope' } },
        ],
        edges: [],
      },
    });
    const res = await json(server, '/broken');
    expect(res.status).toBe(500);
    expect(res.body?.error).toMatchObject({ code: 'run_failed', message: 'nope', details: { runId: expect.any(String) } });
  });
});
