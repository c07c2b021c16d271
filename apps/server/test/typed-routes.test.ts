import { testServer } from '@pattern/testing/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PatternServer } from '../src/index.ts';
import { edge, json } from './helpers.ts';

/** A route that declares its request's shape refuses what breaks it before any run starts. */

let server: PatternServer;

const ORDER = {
  type: 'object',
  required: ['items'],
  properties: {
    items: { type: 'array', items: { type: 'object', required: ['qty'], properties: { qty: { type: 'number' } } } },
  },
};

beforeAll(async () => {
  server = await testServer();
  await server.engine.workflows.save('orders.create', {
    nodes: [
      {
        id: 'req',
        op: 'http.request',
        config: {
          method: 'POST',
          path: '/shops/:shop/orders',
          params: { shop: 'integer' },
          querySchema: { type: 'object', properties: { dryRun: { type: 'boolean' }, limit: { type: 'integer', maximum: 10 } } },
          bodySchema: ORDER,
        },
      },
      { id: 'pack', op: 'object.set', config: { object: {}, path: 'params' } },
      { id: 'query', op: 'object.set', config: { path: 'query' } },
      { id: 'res', op: 'http.response', config: { status: 201 } },
    ],
    edges: [
      edge('req', 'params', 'pack', 'value'),
      edge('pack', 'object', 'query', 'object'),
      edge('req', 'query', 'query', 'value'),
      edge('query', 'object', 'res', 'body'),
    ],
  });
  await server.engine.workflows.save('orders.echo', {
    nodes: [
      { id: 'req', op: 'http.request', config: { method: 'POST', path: '/echo/:status', params: { status: 'integer' } } },
      { id: 'status', op: 'object.get', config: { path: 'status' } },
      {
        id: 'res',
        op: 'http.response',
        config: { bodySchema: { '200': { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } } } },
      },
    ],
    edges: [edge('req', 'params', 'status', 'object'), edge('status', 'value', 'res', 'status'), edge('req', 'body', 'res', 'body')],
  });
});

afterAll(() => server.stop());

const runsOf = async (workflowId: string) => (await json(server, `/api/runs?workflowId=${workflowId}`)).body?.runs as unknown[];

describe('typed routes', () => {
  it('hands typed parameters and query values to the graph', async () => {
    const answer = await json(server, '/shops/12/orders?dryRun=true&limit=3', { method: 'POST', body: { items: [{ qty: 2 }] } });
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({ params: { shop: 12 }, query: { dryRun: true, limit: 3 } });
  });

  it('answers 422 with every problem located, and records no run', async () => {
    const before = (await runsOf('orders.create')).length;
    const answer = await json(server, '/shops/twelve/orders?limit=50', { method: 'POST', body: { items: [{ qty: 'two' }, {}] } });
    expect(answer.status).toBe(422);
    expect(answer.body?.error.code).toBe('request_invalid');
    expect(answer.body?.error.details.problems).toEqual([
      { path: 'params.shop', message: 'expected an integer' },
      { path: 'query.limit', message: 'must be <= 10' },
      { path: 'body.items[0].qty', message: 'must be number' },
      { path: 'body.items[1].qty', message: 'is required' },
    ]);
    expect(answer.headers.get('x-pattern-run-id')).toBeNull();
    expect((await runsOf('orders.create')).length).toBe(before);
  });

  it('refuses a missing body', async () => {
    const answer = await fetch(`${server.url}/shops/1/orders`, { method: 'POST' });
    expect(answer.status).toBe(422);
    expect(((await answer.json()) as { error: { details: { problems: unknown[] } } }).error.details.problems).toEqual([
      { path: 'body', message: 'must be object' },
    ]);
  });

  it('refuses a schema that does not compile when the workflow is saved, located in the config', async () => {
    const answer = await json(server, '/api/workflows/validate', {
      method: 'POST',
      body: {
        nodes: [{ id: 'req', op: 'http.request', config: { path: '/bad', bodySchema: { type: 'object', properties: { a: { type: 'nope' } } } } }],
        edges: [],
      },
    });
    const problems = answer.body?.problems as Array<{ code: string; path: string }>;
    expect(problems.map((p) => p.path)).toEqual(['nodes[0].config.bodySchema.properties.a.type']);
  });

  it('fails the run with response_invalid when the workflow breaks its own response contract', async () => {
    const ok = await json(server, '/echo/200', { method: 'POST', body: { id: 7 } });
    expect(ok.status).toBe(200);
    const broken = await json(server, '/echo/200', { method: 'POST', body: { id: 'seven' } });
    expect(broken.status).toBe(500);
    expect(broken.body?.error.details.error.code).toBe('response_invalid');
    expect(broken.body?.error.details.error.details.problems).toEqual([{ path: 'body.id', message: 'must be integer' }]);
    // Statuses the contract does not name are not checked.
    expect((await json(server, '/echo/202', { method: 'POST', body: { id: 'seven' } })).status).toBe(202);
  });

  it('types the body port from the schema, so a wrong wire is a problem when saved', async () => {
    const answer = await json(server, '/api/workflows/validate', {
      method: 'POST',
      body: {
        nodes: [
          { id: 'req', op: 'http.request', config: { method: 'POST', path: '/miswired', bodySchema: ORDER } },
          { id: 'add', op: 'math.add', config: { b: 1 } },
        ],
        edges: [edge('req', 'body', 'add', 'a')],
      },
    });
    expect((answer.body?.problems as Array<{ code: string }> | undefined)?.map((p) => p.code)).toEqual(['schema_mismatch']);
  });
});
