import { toJsonSchema } from '@pattern/core';
import type { Hono } from 'hono';
import type { Components } from './components.ts';
import { type RouteSchema, routeSchemaOf } from './route-schemas.ts';

type Json = Record<string, unknown>;

/** The tag of Pattern's own API, apart from the routes workflows serve. */
export const ADMIN_TAG = 'Pattern API';

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

/** `/api/runs/:id` as OpenAPI writes it, `/api/runs/{id}`, and its parameter names. */
export function openApiPath(path: string): { path: string; params: string[] } {
  const params: string[] = [];
  const converted = path.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, (_match, name: string) => {
    params.push(name);
    return `{${name}}`;
  });
  return { path: converted, params };
}

/** `pattern/getRunsById`: a workflow id holds no `/`, so no route's operation id can take one of these. */
const operationId = (method: string, path: string) =>
  `pattern/${method.toLowerCase()}${path
    .replace(/^\/api/, '')
    .split('/')
    .filter(Boolean)
    .map((segment) => (segment.startsWith(':') ? `By${capital(segment.slice(1).replace(/\{.*$/, ''))}` : capital(segment)))
    .join('')}`;

const capital = (word: string) => word.replace(/(^|[-_.])([a-z])/g, (_m, _sep, c: string) => c.toUpperCase());

/**
 * Pattern's admin API read off the app's own routes: each route's path and method, and the zod
 * schemas its validators (`jsonBody`, `queryOf`, `paramsOf`) check. Answers are described as
 * JSON, and every refusal as the common error shape.
 */
export function adminPaths(app: Hono, components: Components, auth: boolean): Record<string, Json> {
  const operations = new Map<string, { method: string; path: string; schemas: RouteSchema[] }>();
  for (const route of app.routes) {
    if (!METHODS.has(route.method) || !route.path.startsWith('/api/')) continue;
    const key = `${route.method} ${route.path}`;
    const operation = operations.get(key) ?? { method: route.method, path: route.path, schemas: [] };
    const schema = routeSchemaOf(route.handler);
    if (schema) operation.schemas.push(schema);
    operations.set(key, operation);
  }
  const paths: Record<string, Json> = {};
  for (const { method, path, schemas } of operations.values()) {
    const { path: openPath, params } = openApiPath(path);
    const id = operationId(method, path);
    const byTarget = new Map(schemas.map((s) => [s.target, toJsonSchema(s.schema)]));
    const pathSchema = byTarget.get('path');
    const querySchema = byTarget.get('query');
    const bodySchema = byTarget.get('body');
    const parameters = [
      ...params.map((name) => ({ name, in: 'path', required: true, schema: propertyOf(pathSchema, name) ?? { type: 'string' } })),
      ...queryParameters(querySchema),
    ];
    const operation: Json = {
      operationId: id,
      summary: `${method} ${openPath}`,
      tags: [ADMIN_TAG],
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(bodySchema ? { requestBody: { required: true, content: { 'application/json': { schema: components.embed(bodySchema, id) } } } } : {}),
      responses: {
        '200': { description: 'The answer, as JSON.', content: { 'application/json': { schema: {} } } },
        default: { $ref: '#/components/responses/Error' },
      },
      ...(auth && path !== '/api/health' ? { security: [{ adminToken: [] }] } : {}),
    };
    paths[openPath] = { ...paths[openPath], [method.toLowerCase()]: operation };
  }
  return paths;
}

function propertyOf(schema: Json | undefined, name: string): Json | undefined {
  const properties = schema?.properties as Record<string, Json> | undefined;
  return properties?.[name];
}

/** A query schema's properties, one parameter each; the schema's `required` list says which must be given. */
export function queryParameters(schema: Json | undefined, where: 'query' | 'header' = 'query'): Json[] {
  const properties = (schema?.properties as Record<string, Json> | undefined) ?? {};
  const required = new Set((schema?.required as string[] | undefined) ?? []);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: required.has(name),
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
    schema: property,
  }));
}
