import docsMod from '@pattern/mod-docs';
import { testServer } from '@pattern/testing/server';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes } from '../src/api/api-routes.ts';
import type { PatternServer } from '../src/index.ts';
import { openApiPath } from '../src/openapi/admin-paths.ts';
import { OpenApiDocument } from '../src/openapi/document.ts';
import { edge, json } from './helpers.ts';

type Json = Record<string, any>;

let server: PatternServer;

const ORDER = {
  type: 'object',
  required: ['items'],
  properties: {
    items: { type: 'array', items: { $ref: '#/$defs/line' } },
    note: { type: 'string' },
  },
  $defs: { line: { type: 'object', required: ['sku', 'qty'], properties: { sku: { type: 'string' }, qty: { type: 'integer', minimum: 1 } } } },
};

const ordersWorkflow = {
  name: 'Create an order',
  description: 'Takes an order for a shop.',
  nodes: [
    {
      id: 'req',
      op: 'http.request',
      config: {
        method: 'POST',
        path: '/shops/:shop/orders',
        params: { shop: 'integer' },
        querySchema: { type: 'object', properties: { dryRun: { type: 'boolean' } } },
        bodySchema: ORDER,
      },
    },
    { id: 'res', op: 'http.response', config: { status: 201, bodySchema: { '201': { type: 'object', required: ['items'] } } } },
  ],
  edges: [edge('req', 'body', 'res', 'body')],
};

const openapi = async () => (await json(server, '/api/openapi.json')).body as Json;

beforeAll(async () => {
  server = await testServer();
  await server.engine.workflows.save('hello', {
    name: 'Hello',
    nodes: [
      { id: 'request', op: 'http.request', config: { method: 'GET', path: '/hello/:name' } },
      { id: 'greet', op: 'string.template', config: { template: 'Hello, {{ name }}!' } },
      { id: 'response', op: 'http.response', config: { status: 200 } },
    ],
    edges: [edge('request', 'params', 'greet', 'data'), edge('greet', 'text', 'response', 'body')],
  });
  await server.engine.workflows.save('orders.create', ordersWorkflow);
});

afterAll(() => server.stop());

describe('GET /api/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const document = await openapi();
    expect(document.openapi).toBe('3.1.0');
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('describes a workflow route with its parameters, body, answers and the 422 problem shape', async () => {
    const operation = (await openapi()).paths['/shops/{shop}/orders'].post;
    expect(operation.operationId).toBe('orders.create');
    expect(operation.summary).toBe('Create an order');
    expect(operation.description).toBe('Takes an order for a shop.');
    expect(operation.tags).toEqual(['Routes']);
    expect(operation.parameters).toEqual([
      { name: 'shop', in: 'path', required: true, schema: { type: 'integer' } },
      { name: 'dryRun', in: 'query', required: false, schema: { type: 'boolean' } },
    ]);
    const body = operation.requestBody.content['application/json'].schema;
    expect(body.properties.items.items).toEqual({ $ref: '#/components/schemas/orders.create.body.line' });
    expect(Object.keys(operation.responses).sort()).toEqual(['201', '422', '500']);
    expect(operation.responses['201'].content['application/json'].schema).toEqual({ type: 'object', required: ['items'] });
    expect(operation.responses['422']).toEqual({ $ref: '#/components/responses/RequestInvalid' });
    // The 422 it documents is the one the route answers.
    const refused = await json(server, '/shops/x/orders', { method: 'POST', body: { items: [] } });
    expect(refused.status).toBe(422);
    expect(refused.body?.error.details.problems).toEqual([{ path: 'params.shop', message: 'expected an integer' }]);
  });

  it('answers a text route as text/plain', async () => {
    const operation = (await openapi()).paths['/hello/{name}'].get;
    expect(operation.responses['200'].content).toEqual({ 'text/plain': { schema: {} } });
    expect(operation.responses['422']).toBeUndefined();
  });

  it('covers every route of every workflow, and every route of the API, from its zod schemas', async () => {
    const document = await openapi();
    for (const entry of server.engine.workflows.list()) {
      if (!entry.route) continue;
      expect(document.paths[openApiPath(entry.route.path).path]?.[entry.route.method.toLowerCase()], entry.id).toBeDefined();
    }
    // The routes as the API declares them; they only hold these parts, so none is called here.
    const unused = {} as never;
    const api = apiRoutes({
      engine: server.engine,
      packages: unused,
      secrets: unused,
      tokens: unused,
      control: unused,
      version: 'test',
      auth: false,
    });
    const admin = [...new Set(api.routes.filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/')).map((r) => `${r.method} ${r.path}`))];
    expect(admin.length).toBeGreaterThan(20);
    for (const route of admin) {
      const [method = '', path = ''] = route.split(' ');
      const operation = document.paths[openApiPath(path).path]?.[method.toLowerCase()];
      expect(operation, route).toBeDefined();
      expect(operation.tags).toEqual(['Pattern API']);
    }
    const run = document.paths['/api/runs'].post;
    expect(run.requestBody.content['application/json'].schema.properties).toHaveProperty('workflowId');
    expect(document.paths['/api/runs'].get.parameters.map((p: Json) => p.name)).toContain('limit');
    expect(document.paths['/api/workflows/{id}/versions/{version}'].get.parameters[0]).toMatchObject({ name: 'id', in: 'path' });
  });

  it('changes as workflows are saved, paused and deleted', async () => {
    const route = { nodes: [{ id: 'req', op: 'http.request', config: { path: '/changing' } }], edges: [] };
    expect((await openapi()).paths['/changing']).toBeUndefined();
    await server.engine.workflows.save('live', route);
    expect((await openapi()).paths['/changing'].get.operationId).toBe('live');
    expect((await json(server, '/api/workflows/live/state', { method: 'PUT', body: { active: false } })).status).toBe(200);
    expect((await openapi()).paths['/changing']).toBeUndefined();
    await json(server, '/api/workflows/live/state', { method: 'PUT', body: { active: true } });
    expect((await openapi()).paths['/changing']).toBeDefined();
    await server.engine.workflows.delete('live');
    expect((await openapi()).paths['/changing']).toBeUndefined();
  });
});

describe('OpenApiDocument', () => {
  it('is built once per change of the workflows, not per request', async () => {
    const document = new OpenApiDocument({ engine: server.engine, isActive: () => true, version: 'test', auth: false });
    const first = document.current();
    expect(document.current()).toBe(first);
    await server.engine.workflows.save('cached', { nodes: [{ id: 'req', op: 'http.request', config: { path: '/cached' } }], edges: [] });
    const second = document.current();
    expect(second).not.toBe(first);
    expect((second.paths as Json)['/cached']).toBeDefined();
    expect(document.current()).toBe(second);
  });
});

describe('/docs/api', () => {
  it('is a page of the docs that runs no inline script, under the docs’ policy', async () => {
    const page = await fetch(`${server.url}/docs/api`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain('/api/openapi.json');
    expect(html).not.toMatch(/<script>|<script type="text\/javascript">/);
    for (const src of html.matchAll(/<script src="([^"]+)"/g)) expect((await fetch(`${server.url}${src[1]}`)).status).toBe(200);
  });

  it('is linked from the docs’ navigation', async () => {
    const withDocs = await testServer({ mods: [docsMod] });
    try {
      expect(await (await fetch(`${withDocs.url}/docs`)).text()).toContain('href="/docs/api"');
    } finally {
      await withDocs.stop();
    }
  });
});
