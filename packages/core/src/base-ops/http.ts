import { z } from 'zod';
import { defineOp } from '../ops/define-op.ts';
import type { Workflow } from '../workflow/schema.ts';
import { ResponseHeadersSchema, ResponseStatusSchema } from './response-fields.ts';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

export const RoutePathSchema = z
  .string()
  .max(500)
  .regex(/^\/[A-Za-z0-9._~\-/:]*$/, 'a path like /hello/:name (letters, digits, . _ ~ - / and :params)');

export const HttpRequestConfigSchema = z.object({
  method: z.enum(HTTP_METHODS).default('GET').describe('The HTTP method the route answers.'),
  path: RoutePathSchema.describe('The route, with `:name` parameters: `/hello/:name`.'),
  auth: z.boolean().default(false).describe('Require the admin token (or a signed-in session) to call this route.'),
});

/** The run input of a route workflow: what `http.request` hands to the graph. */
export const HttpRequestValueSchema = z.object({
  method: z.string().optional(),
  path: z.string().optional(),
  params: z.record(z.string(), z.string()).default({}),
  query: z.record(z.string(), z.string()).default({}),
  headers: z.record(z.string(), z.string()).default({}),
  body: z.unknown().optional(),
});

export type HttpRequestValue = z.infer<typeof HttpRequestValueSchema>;

const RequestValue = z.compile(HttpRequestValueSchema);
const EMPTY_REQUEST = HttpRequestValueSchema.parse({});

export const httpRequest = defineOp({
  name: 'http.request',
  title: 'HTTP request',
  category: 'http',
  description:
    'Makes the saved workflow serve an HTTP route (`GET /hello/:name`) and hands each request to the graph. Run from the editor, it reads the same fields from the run input.',
  config: HttpRequestConfigSchema,
  outputs: {
    params: { schema: z.record(z.string(), z.string()), description: 'Path parameters (`:name` → `name`).' },
    query: { schema: z.record(z.string(), z.string()), description: 'Query-string parameters (the first of repeated ones).' },
    headers: { schema: z.record(z.string(), z.string()), description: 'Request headers, lower-case names.' },
    body: { description: 'The body: parsed JSON, form fields, or text; absent for GET.' },
  },
  examples: [
    {
      title: 'A route with a parameter',
      config: { method: 'GET', path: '/hello/:name' },
      outputs: { params: {}, query: {}, headers: {} },
    },
  ],
  run: (_inputs, ctx) => {
    const parsed = RequestValue.safeParse(ctx.run.input ?? {});
    const request = parsed.success ? parsed.data : EMPTY_REQUEST;
    return {
      params: request.params,
      query: request.query,
      headers: request.headers,
      ...(request.body !== undefined ? { body: request.body } : {}),
    };
  },
});

export const httpResponse = defineOp({
  name: 'http.response',
  title: 'HTTP response',
  category: 'http',
  description: 'Answers the route request: a string body is sent as text, anything else as JSON (unless `headers` set a content type).',
  inputs: {
    status: { schema: ResponseStatusSchema.default(200), description: 'The status code, 200 to 599 (200 when not given).' },
    headers: {
      schema: ResponseHeadersSchema.default({}),
      description: 'Extra response headers: names are HTTP tokens, values hold no line breaks or control characters.',
    },
    body: { description: 'The response body.' },
  },
  outputs: { done: { kind: 'control', description: 'Pulses once the response is set.' } },
  examples: [{ title: 'Plain text', inputs: { status: 200, body: 'Hello, Ada!' }, outputs: { done: true } }],
  run: (inputs, ctx) => {
    ctx.respond({ status: inputs.status, headers: inputs.headers, body: inputs.body ?? null });
    return { done: true };
  },
});

export interface WorkflowRoute {
  method: (typeof HTTP_METHODS)[number];
  path: string;
  /** Callers need the admin token. */
  auth: boolean;
  /** The path with parameter names erased, to find routes that clash: `/hello/:`. */
  shape: string;
}

/** The route a workflow serves, if it has an `http.request` node. */
export function routeOf(workflow: Workflow): WorkflowRoute | undefined {
  const node = workflow.nodes.find((n) => n.op === httpRequest.name);
  if (!node) return undefined;
  const config = HttpRequestConfigSchema.safeParse(node.config ?? {});
  if (!config.success) return undefined;
  return {
    method: config.data.method,
    path: config.data.path,
    auth: config.data.auth,
    shape: config.data.path.replace(/:[^/]+/g, ':').replace(/\/+$/, '') || '/',
  };
}
