import { testServer } from '@pattern/testing/server';
import { afterEach, describe, expect, it } from 'vitest';
import type { PatternServer } from '../src/index.ts';
import { edge, json } from './helpers.ts';

let server: PatternServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

const greet = (template: unknown) => ({
  nodes: [
    { id: 'req', op: 'http.request', config: { method: 'GET', path: '/greet/:name' } },
    { id: 'text', op: 'string.template', config: { template } },
    { id: 'res', op: 'http.response' },
  ],
  edges: [edge('req', 'params', 'text', 'data'), edge('text', 'text', 'res', 'body')],
});

describe('saving a workflow with problems', () => {
  it('keeps it as a draft that serves nothing, says so in the list, and refuses to publish it', async () => {
    server = await testServer({ seed: false });
    const saved = await json(server, '/api/workflows/greet', { method: 'PUT', body: greet(42) });
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({ id: 'greet', valid: false, route: null });
    expect(saved.body?.problems).toContainEqual(
      expect.objectContaining({ code: 'config_invalid', path: 'nodes[1].config.template', nodeId: 'text' }),
    );
    expect(saved.body?.document.nodes[1].config.template).toBe(42);

    expect((await fetch(`${server.url}/greet/Ada`)).status).toBe(404);
    const list = await json(server, '/api/workflows');
    expect(list.body?.workflows).toEqual([
      expect.objectContaining({ id: 'greet', valid: false, problems: expect.arrayContaining([expect.anything()]) }),
    ]);
    const run = await json(server, '/api/runs', { method: 'POST', body: { workflowId: 'greet', input: {} } });
    expect(run.status).toBe(422);

    const publish = await json(server, '/api/workflows/greet/versions', { method: 'POST', body: {} });
    expect(publish.status).toBe(422);
    expect(publish.body?.error).toMatchObject({
      code: 'validation_failed',
      details: { problems: expect.arrayContaining([expect.objectContaining({ nodeId: 'text' })]) },
    });

    const fixed = await json(server, '/api/workflows/greet', { method: 'PUT', body: greet('Hello, {{ name }}!') });
    expect(fixed.body).toMatchObject({ valid: true, problems: [], route: 'GET /greet/:name' });
    expect(await (await fetch(`${server.url}/greet/Ada`)).text()).toBe('Hello, Ada!');
  });

  it('still refuses what is not a workflow at all', async () => {
    server = await testServer({ seed: false });
    const notJson = await fetch(`${server.url}/api/workflows/x`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(notJson.status).toBe(400);
    for (const body of [[1, 2], 'text', { nodes: 'none', edges: [] }, { nodes: [{ op: 'value.const' }], edges: [] }]) {
      const answer = await json(server, '/api/workflows/x', { method: 'PUT', body: JSON.stringify(body) });
      expect(answer.status, JSON.stringify(body)).toBe(422);
      expect(answer.body?.error.code).toBe('validation_failed');
    }
    expect((await json(server, '/api/workflows/x')).status).toBe(404);
  });
});
