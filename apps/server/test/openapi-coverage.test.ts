import type { Engine } from '@pattern/core';
import { Validator } from '@seriousme/openapi-schema-validator';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modRoutes } from '../src/http/mod-routes.ts';
import { adminPaths, openApiPath } from '../src/openapi/admin-paths.ts';
import { Components } from '../src/openapi/components.ts';
import { LoopMonitor } from '../src/stats/loop-monitor.ts';
import { defaultModsApp } from './fixtures/default-mods-app.ts';

type Json = Record<string, any>;

let engine: Engine;
let app: Hono;
let document: Json;

beforeAll(async () => {
  ({ engine, app } = await defaultModsApp(() => ({ loop: new LoopMonitor(), adminToken: undefined })));
  document = (await (await app.request('/api/openapi.json')).json()) as Json;
}, 60_000);

afterAll(() => engine?.stop());

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

/** Every route the app serves under /api: its own, the server's beside it, and the mods'. */
function apiRoutes(routes: Hono['routes']): Array<{ method: string; path: string }> {
  const seen = new Set<string>();
  return routes
    .filter((r) => METHODS.has(r.method) && r.path.startsWith('/api/'))
    .filter((r) => !seen.has(`${r.method} ${r.path}`) && Boolean(seen.add(`${r.method} ${r.path}`)))
    .map(({ method, path }) => ({ method, path }));
}

const operationOf = (method: string, path: string): Json | undefined => document.paths[openApiPath(path).path]?.[method.toLowerCase()];
const answerOf = (method: string, path: string, status = '200'): Json | undefined =>
  operationOf(method, path)?.responses?.[status]?.content?.['application/json']?.schema;
/** A `$ref` into the document's components, followed. */
const resolved = (schema: Json | undefined): Json | undefined =>
  typeof schema?.$ref === 'string' ? document.components.schemas[schema.$ref.replace('#/components/schemas/', '')] : schema;

describe('the OpenAPI document of a server with every mod', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(document as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('lists every /api route the app serves, the mods’ and the server’s own', () => {
    const routes = apiRoutes(app.routes);
    expect(routes.length).toBeGreaterThan(60);
    const missing = routes.filter(({ method, path }) => operationOf(method, path) === undefined);
    expect(missing).toEqual([]);
    const ids = routes.map(({ method, path }) => operationOf(method, path)?.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const path of ['/api/workflows/:id/presence', '/api/stats/loop', '/api/realtime/connections', '/api/store/collections', '/api/events']) {
      expect(operationOf('GET', path), path).toBeDefined();
    }
  });

  it('tags each mod’s routes with the mod, and names the mod among the tags', () => {
    const tags = (document.tags as Json[]).map((tag) => tag.name);
    for (const { mod, routes } of modRoutes(engine)) {
      const own = apiRoutes(routes.routes);
      if (own.length === 0) continue;
      expect(tags, mod.name).toContain(mod.name);
      for (const { method, path } of own) expect(operationOf(method, path)?.tags, `${method} ${path}`).toEqual([mod.name]);
    }
    expect(operationOf('GET', '/api/runs')?.tags).toEqual(['Pattern API']);
  });

  it('describes answers from the routes’ zod schemas', () => {
    expect(resolved(answerOf('GET', '/api/realtime/connections'))?.properties?.servers?.items).toBeDefined();
    expect(resolved(answerOf('GET', '/api/store/collections/:name/docs'))?.required).toEqual(expect.arrayContaining(['docs', 'next']));
    expect(resolved(answerOf('POST', '/api/store/collections/:name/docs', '201'))?.properties).toHaveProperty('version');
    expect(resolved(answerOf('GET', '/api/http/check'))?.properties).toHaveProperty('allowed');
    expect(resolved(answerOf('POST', '/api/code/check'))?.anyOf).toHaveLength(3);
    expect(resolved(answerOf('GET', '/api/events'))?.properties).toHaveProperty('events');
    expect(resolved(answerOf('GET', '/api/health'))?.properties?.ok).toEqual({ type: 'boolean', const: true });
    expect(resolved(answerOf('GET', '/api/runs/:id'))?.properties).toHaveProperty('nodes');
    expect(resolved(answerOf('POST', '/api/runs', '202'))?.properties).toHaveProperty('status');
    expect(resolved(answerOf('GET', '/api/ops'))?.properties?.ops?.type).toBe('array');
    expect(resolved(answerOf('GET', '/api/stats/loop'))?.properties?.loop?.required).toContain('p99Ms');
  });

  it('describes what every mod route under /api answers as JSON', () => {
    // The export streams JSON Lines or CSV, not one JSON value.
    const notJson = new Set(['GET /api/store/collections/:name/export']);
    const undescribed = modRoutes(engine)
      .flatMap(({ routes }) => apiRoutes(routes.routes))
      .filter(({ method, path }) => !notJson.has(`${method} ${path}`))
      .filter(({ method, path }) => {
        const responses = Object.entries((operationOf(method, path)?.responses ?? {}) as Record<string, Json>).filter(
          ([status]) => status !== 'default',
        );
        return responses.every(([, response]) => JSON.stringify(response.content?.['application/json']?.schema ?? {}) === '{}');
      })
      .map(({ method, path }) => `${method} ${path}`);
    expect(undescribed).toEqual([]);
  });

  it('describes a 2xx answer of every JSON /api route, the server’s own and the mods’', () => {
    // Each exemption answers something that is not one JSON value, so no JSON Schema describes it.
    const notJson: Record<string, string> = {
      'GET /api/store/collections/:name/export': 'streams JSON Lines or CSV, one document a line',
      'GET /api/runs/:id/events': 'a Server-Sent Events stream, described below as text/event-stream',
      'GET /api/workflows/:id/presence': 'a Server-Sent Events stream, described below as text/event-stream',
    };
    const routes = apiRoutes(app.routes);
    const undescribed = routes
      .filter(({ method, path }) => !(`${method} ${path}` in notJson))
      .filter(({ method, path }) => {
        const responses = Object.entries((operationOf(method, path)?.responses ?? {}) as Record<string, Json>).filter(([status]) =>
          /^2\d\d$/.test(status),
        );
        const described = ([status, response]: [string, Json]) =>
          status === '204' ? response.content === undefined : JSON.stringify(response.content?.['application/json']?.schema ?? {}) !== '{}';
        return responses.length === 0 || !responses.every(described);
      })
      .map(({ method, path }) => `${method} ${path}`);
    expect(undescribed).toEqual([]);
    const served = new Set(routes.map(({ method, path }) => `${method} ${path}`));
    for (const route of Object.keys(notJson)) expect(served, route).toContain(route);
  });

  it('describes the Server-Sent Events routes as text/event-stream, with each event’s data', () => {
    const events = (path: string) => {
      const stream = operationOf('GET', path)?.responses?.['200']?.content?.['text/event-stream']?.schema as Json | undefined;
      return (stream?.oneOf as Json[] | undefined)?.map((event) => [event.title, event.properties?.data?.contentMediaType]);
    };
    expect(events('/api/runs/:id/events')).toEqual([
      ['node', 'application/json'],
      ['settled', 'application/json'],
    ]);
    expect(events('/api/workflows/:id/presence')).toEqual([
      ['presence', 'application/json'],
      ['saved', 'application/json'],
      ['ping', 'application/json'],
    ]);
    const stream = operationOf('GET', '/api/runs/:id/events')?.responses?.['200']?.content?.['text/event-stream']?.schema as Json;
    const settled = (stream.oneOf as Json[])[1];
    expect(resolved(settled?.properties?.data?.contentSchema)?.properties?.run).toBeDefined();
    expect(operationOf('GET', '/api/runs/:id/events')?.responses?.['404']).toBeDefined();
  });

  it('describes the server’s own routes from their schemas: bodies, answers and the refusals they give', () => {
    expect(resolved(answerOf('GET', '/api/workflows'))?.properties?.workflows?.items?.required).toEqual(
      expect.arrayContaining(['id', 'revision', 'active', 'lastRun', 'problems']),
    );
    expect(resolved(answerOf('PUT', '/api/workflows/:id', '201'))?.properties).toHaveProperty('document');
    expect(resolved(answerOf('POST', '/api/workflows/validate'))?.required).toEqual(['problems', 'warnings']);
    expect(resolved(answerOf('POST', '/api/workflows/:id/versions', '201'))?.properties?.version?.properties).toHaveProperty('hash');
    expect(resolved(answerOf('GET', '/api/workflows/:id/state'))?.properties).toHaveProperty('schedule');
    expect(resolved(answerOf('POST', '/api/workflows/:id/tests/run'))?.properties?.cases?.type).toBe('array');
    expect(resolved(answerOf('GET', '/api/packages'))?.properties?.packages?.items?.properties).toHaveProperty('versions');
    expect(resolved(answerOf('POST', '/api/packages/:id/:version/install'))?.properties).toHaveProperty('workflows');
    expect(resolved(answerOf('GET', '/api/secrets'))?.properties?.secrets?.items?.required).toEqual(['name', 'createdAt', 'updatedAt']);
    expect(resolved(answerOf('PUT', '/api/secrets/:name', '201'))?.properties).not.toHaveProperty('value');
    expect(resolved(answerOf('POST', '/api/tokens', '201'))?.properties).toHaveProperty('token');
    expect(resolved(answerOf('GET', '/api/tokens'))?.properties?.tokens?.items?.properties).not.toHaveProperty('token');
    expect(resolved(answerOf('GET', '/api/openapi.json'))?.properties?.openapi).toEqual({ type: 'string', const: '3.1.0' });
    expect(operationOf('DELETE', '/api/workflows/:id')?.responses?.['204']).toEqual({ description: expect.any(String) });

    const refusal = (method: string, path: string, status: string) =>
      operationOf(method, path)?.responses?.[status]?.content?.['application/json']?.schema;
    const error = { $ref: '#/components/schemas/Error' };
    expect(refusal('GET', '/api/runs/:id', '404')).toEqual(error);
    expect(refusal('POST', '/api/runs', '400')).toEqual(error);
    expect(refusal('PUT', '/api/workflows/:id', '409')).toEqual(error);
    expect(refusal('POST', '/api/workflows/:id/versions', '422')).toEqual(error);
    expect(refusal('DELETE', '/api/secrets/:name', '404')).toEqual(error);
    expect(refusal('POST', '/api/packages/:id/:version/install', '409')).toEqual(error);
    expect(operationOf('PUT', '/api/secrets/:name')?.requestBody?.content?.['application/json']?.schema?.required).toEqual(['value']);
    const body = (method: string, path: string) => resolved(operationOf(method, path)?.requestBody?.content?.['application/json']?.schema);
    expect(body('PUT', '/api/workflows/:id')?.properties).toHaveProperty('nodes');
    expect(body('POST', '/api/workflows/validate')?.properties).toHaveProperty('edges');
    expect(body('POST', '/api/runs')?.properties).toHaveProperty('workflowId');
    expect(document.components.schemas.Error.properties.error.required).toEqual(['code', 'message', 'details']);
  });

  it('names the refusals of the admin guard on every route it guards, when a token guards the API', () => {
    const guarded = adminPaths(app, new Components(), true) as Record<string, Record<string, Json>>;
    expect(Object.keys(guarded['/api/runs/{id}']?.get?.responses ?? {})).toEqual(expect.arrayContaining(['401', '403']));
    expect(guarded['/api/health']?.get?.responses).not.toHaveProperty('401');
    expect(operationOf('GET', '/api/runs/:id')?.responses).not.toHaveProperty('401');
  });
});
