import { toJsonSchema } from '@pattern/core';
import type { Hono } from 'hono';
import { z } from 'zod';
import { ErrorAnswerSchema } from '../api/answers.ts';
import type { Components } from './components.ts';
import { type EventStreamMark, eventStreamOf, eventStreamSchema } from './event-stream.ts';
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

/** The tag of a route's handler: a mod's name for the routes it adds, else the API's own. */
export type TagOf = (handler: unknown) => string | undefined;

/**
 * Every `/api` route of the app, the server's own and those mods add, read off its routes: each
 * route's path and method, the zod schemas its validators (`jsonBody`, `queryOf`, `paramsOf`)
 * check, and what it answers (`answers`, `refuses`, `streams`). A route that declares no answer
 * is described as JSON of no stated shape. Every refusal has the common error shape: the ones a
 * route declares, a 400 wherever input is checked, and 401 and 403 wherever the token guards it.
 */
export function adminPaths(app: Hono, components: Components, auth: boolean, tagOf: TagOf = () => undefined): Record<string, Json> {
  const operations = new Map<string, { method: string; path: string; schemas: RouteSchema[]; stream?: EventStreamMark; tag: string }>();
  for (const route of app.routes) {
    if (!METHODS.has(route.method) || !route.path.startsWith('/api/')) continue;
    const key = `${route.method} ${route.path}`;
    const operation = operations.get(key) ?? { method: route.method, path: route.path, schemas: [], tag: ADMIN_TAG };
    const schema = routeSchemaOf(route.handler);
    if (schema) operation.schemas.push(schema);
    operation.stream = eventStreamOf(route.handler) ?? operation.stream;
    operation.tag = tagOf(route.handler) ?? operation.tag;
    operations.set(key, operation);
  }
  const paths: Record<string, Json> = {};
  for (const { method, path, schemas, stream, tag } of operations.values()) {
    const { path: openPath, params } = openApiPath(path);
    const id = operationId(method, path);
    const byTarget = new Map(schemas.filter((s) => s.target !== 'response').map((s) => [s.target, toJsonSchema(s.schema)]));
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
      tags: [tag],
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(bodySchema ? { requestBody: { required: true, content: { 'application/json': { schema: components.embed(bodySchema, id) } } } } : {}),
      responses: {
        ...(stream ? streamAnswer(stream, components, id) : {}),
        ...answersOf(schemas, components, id, stream === undefined),
        ...(byTarget.size > 0 && !schemas.some((s) => s.target === 'response' && s.status === 400) ? { '400': INPUT_REFUSED } : {}),
        ...(auth && path !== '/api/health' ? { '401': UNAUTHORIZED, '403': FORBIDDEN } : {}),
        default: { $ref: '#/components/responses/Error' },
      },
      ...(auth && path !== '/api/health' ? { security: [{ adminToken: [] }] } : {}),
    };
    paths[openPath] = { ...paths[openPath], [method.toLowerCase()]: operation };
  }
  return paths;
}

const ERROR_REF = { $ref: '#/components/schemas/Error' };
const errorAnswer = (description: string) => ({ description, content: { 'application/json': { schema: ERROR_REF } } });

/** Every route that checks its body, query or path refuses what breaks the schema. */
const INPUT_REFUSED = errorAnswer(
  'The body, query or path breaks the route’s schema (`bad_request`, each problem named by its field in `details.problems`), or the body is not JSON (`invalid_json`).',
);
const UNAUTHORIZED = errorAnswer('No admin token, signed-in session or API token, or one that is unknown, revoked or expired (`unauthorized`).');
const FORBIDDEN = errorAnswer(
  'The API token lacks the scope this route needs, or a change made with the session cookie came from another site (`forbidden`).',
);

/** The common error shape as JSON Schema, but for what a route's own description of it says. */
const ERROR_SHAPE = JSON.stringify(z.toJSONSchema(ErrorAnswerSchema, { io: 'output' }).properties);

/**
 * The answers a route declares, by status; one that declares none answers JSON of no stated
 * shape (unless it streams events). A refusal in the common error shape points at the shared schema, a 204 has no body.
 */
function answersOf(schemas: RouteSchema[], components: Components, id: string, generic: boolean): Record<string, Json> {
  const declared = schemas.filter((s) => s.target === 'response');
  if (declared.length === 0 && generic) return { '200': { description: 'The answer, as JSON.', content: { 'application/json': { schema: {} } } } };
  const responses: Record<string, Json> = {};
  for (const { schema, status = 200 } of declared) {
    const json = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) as Json;
    const description = typeof json.description === 'string' ? json.description : 'The answer.';
    if (status === 204) responses[String(status)] = { description };
    else if (status >= 400 && JSON.stringify(json.properties) === ERROR_SHAPE) responses[String(status)] = errorAnswer(description);
    else responses[String(status)] = { description, content: { 'application/json': { schema: components.embed(json, `${id}.${status}`) } } };
  }
  return responses;
}

/** A Server-Sent Events route's answer: `text/event-stream`, one of its events at a time. */
function streamAnswer(stream: EventStreamMark, components: Components, id: string): Record<string, Json> {
  const schema = eventStreamSchema(stream, (json, event) => components.embed(json, `${id}.${event}`));
  return { '200': { description: stream.description, content: { 'text/event-stream': { schema } } } };
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
