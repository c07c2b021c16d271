import { testServer } from '@pattern/testing/server';
import { afterEach, describe, expect, it } from 'vitest';
import type { PatternServer } from '../src/index.ts';
import { edge, json } from './helpers.ts';

let server: PatternServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

// Answers only when the query says yes: on "no" the response node is skipped.
const gated = {
  nodes: [
    { id: 'req', op: 'http.request', config: { method: 'GET', path: '/gated' } },
    { id: 'yes', op: 'object.get', config: { path: 'answer' } },
    { id: 'gate', op: 'flow.branch', config: { operator: 'eq', to: 'yes' } },
    { id: 'res', op: 'http.response', config: { body: 'answered' } },
  ],
  edges: [edge('req', 'query', 'yes', 'object'), edge('yes', 'value', 'gate', 'condition'), edge('gate', 'true', 'res', 'status')],
};

describe('a route run that never reaches its response', () => {
  it('answers 500 no_response naming the run and the skipped response node, not an empty 204', async () => {
    server = await testServer({ seed: false });
    const saved = await json(server, '/api/workflows/gated', { method: 'PUT', body: gated });
    expect(saved.body?.problems).toEqual([]);
    const skipped = await fetch(`${server.url}/gated?answer=no`);
    expect(skipped.status).toBe(500);
    const body = (await skipped.json()) as { error: { code: string; details: { runId: string; skipped: string[] } } };
    expect(body.error.code).toBe('no_response');
    expect(body.error.details.skipped).toEqual(['res']);
    expect(body.error.details.runId).toBe(skipped.headers.get('x-pattern-run-id'));
    const run = await json(server, `/api/runs/${body.error.details.runId}`);
    expect(run.body?.status).toBe('ok');
  });

  it('still answers a route without a response node with its output', async () => {
    server = await testServer({ seed: false });
    const echo = { nodes: [{ id: 'req', op: 'http.request', config: { method: 'GET', path: '/plain' } }], edges: [] };
    await json(server, '/api/workflows/plain', { method: 'PUT', body: echo });
    expect((await fetch(`${server.url}/plain`)).status).toBe(204);
  });
});

describe('warnings of a route whose response can be skipped', () => {
  it('names the response node and what it depends on, and never keeps the route from serving', async () => {
    server = await testServer({ seed: false });
    const saved = await json(server, '/api/workflows/gated', { method: 'PUT', body: gated });
    expect(saved.body).toMatchObject({ valid: true, route: 'GET /gated', problems: [] });
    expect(saved.body?.warnings).toEqual([
      expect.objectContaining({
        code: 'response_skippable',
        severity: 'warning',
        nodeId: 'res',
        path: 'nodes[3]',
        message: expect.stringContaining('gate.true'),
      }),
    ]);
    expect((await json(server, '/api/workflows/gated/versions', { method: 'POST', body: {} })).status).toBe(201);

    const always = {
      nodes: [
        { id: 'req', op: 'http.request', config: { method: 'GET', path: '/always' } },
        { id: 'res', op: 'http.response', config: { body: 'here' } },
      ],
      edges: [edge('req', 'query', 'res', 'headers')],
    };
    expect((await json(server, '/api/workflows/always', { method: 'PUT', body: always })).body?.warnings).toEqual([]);
  });
});
