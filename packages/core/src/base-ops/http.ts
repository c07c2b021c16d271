import { z } from 'zod';
import { PatternError } from '../errors.ts';
import { defineOp } from '../ops/define-op.ts';
import type { Workflow } from '../workflow/schema.ts';
import {
  checkRequest,
  checkResponse,
  compileRequestContract,
  compileResponseContract,
  RequestContractConfigSchema,
  ResponseBodySchemasSchema,
} from './http-contract.ts';
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
  ...RequestContractConfigSchema.shape,
});

/** The run input of a route workflow: what `http.request` hands to the graph. */
export const HttpRequestValueSchema = z.object({
  method: z.string().optional(),
  path: z.string().optional(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
  query: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
  headers: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
  body: z.unknown().optional(),
  /** The body exactly as it came; read only when the graph wires the `rawBody` port. */
  rawBody: z.string().optional(),
});

export type HttpRequestValue = z.infer<typeof HttpRequestValueSchema>;

const RequestValue = z.compile(HttpRequestValueSchema);
const EMPTY_REQUEST = HttpRequestValueSchema.parse({});
/** Marks a request value the server's router built: its shape is known, so the op hands it on without parsing it again. */
const ROUTED = Symbol('pattern.routedRequest');

/** A request value as the server's router builds it, marked so that `http.request` trusts its shape. */
export function routedRequest(request: HttpRequestValue): HttpRequestValue {
  return Object.defineProperty(request, ROUTED, { value: true });
}

export const httpRequest = defineOp({
  name: 'http.request',
  title: 'HTTP request',
  category: 'http',
  description:
    'Makes the saved workflow serve an HTTP route (`GET /hello/:name`) and hands each request to the graph. Run from the editor, it reads the same fields from the run input.',
  config: HttpRequestConfigSchema,
  portSchemas: { outputs: { body: 'bodySchema', query: 'querySchema', headers: 'headersSchema' } },
  outputs: {
    params: {
      schema: z.record(z.string(), z.union([z.string(), z.number()])),
      description: 'Path parameters (`:name` → `name`): text, or numbers where `params` types them `integer` or `number`.',
    },
    query: {
      schema: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
      description: 'Query-string parameters (the first of repeated ones); numbers and booleans where `querySchema` says so.',
    },
    headers: { schema: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])), description: 'Request headers, lower-case names.' },
    body: { description: 'The body: parsed JSON, form fields, or text; absent for GET. Typed by `bodySchema` when given.' },
    rawBody: {
      schema: z.string(),
      description: 'The body exactly as it came, as text: what a webhook signature is computed over. Absent for GET and an empty body.',
    },
  },
  examples: [
    {
      title: 'A route with a parameter',
      config: { method: 'GET', path: '/hello/:name' },
      outputs: { params: {}, query: {}, headers: {} },
    },
    {
      title: 'A typed route',
      description:
        'The server answers a request that breaks the contract with 422 before any run starts; a run from the editor checks its input the same way.',
      config: {
        method: 'GET',
        path: '/orders/:id',
        params: { id: 'integer' },
        querySchema: { type: 'object', properties: { limit: { type: 'integer', minimum: 1 } } },
      },
      outputs: { params: {}, query: {}, headers: {} },
    },
  ],
  prepare: (config, env) => compileRequestContract(config, env),
  run: (_inputs, ctx) => {
    const input = ctx.run.input as Partial<Record<typeof ROUTED, true>> | null | undefined;
    const parsed = input?.[ROUTED] ? undefined : RequestValue.safeParse(input ?? {});
    const request = parsed === undefined ? (input as HttpRequestValue) : parsed.success ? parsed.data : EMPTY_REQUEST;
    // The router checked a routed request before starting the run; one given as run input is checked here.
    if (parsed !== undefined && ctx.prepared) {
      const problems = checkRequest(ctx.prepared, request);
      if (problems.length > 0) throw requestInvalid(problems);
    }
    return {
      params: request.params,
      query: request.query,
      headers: request.headers,
      ...(request.body !== undefined ? { body: request.body } : {}),
      ...(request.rawBody !== undefined ? { rawBody: request.rawBody } : {}),
    };
  },
});

export const httpResponse = defineOp({
  name: 'http.response',
  title: 'HTTP response',
  category: 'http',
  retry: false,
  description: 'Answers the route request: a string body is sent as text, anything else as JSON (unless `headers` set a content type).',
  inputs: {
    status: { schema: ResponseStatusSchema.default(200), description: 'The status code, 200 to 599 (200 when not given).' },
    headers: {
      schema: ResponseHeadersSchema.default({}),
      description: 'Extra response headers: names are HTTP tokens, values hold no line breaks or control characters.',
    },
    body: { description: 'The response body.' },
  },
  config: z.object({ bodySchema: ResponseBodySchemasSchema.optional() }),
  outputs: { done: { kind: 'control', description: 'Pulses once the response is set.' } },
  examples: [
    { title: 'Plain text', inputs: { status: 200, body: 'Hello, Ada!' }, outputs: { done: true } },
    {
      title: 'A body that keeps its contract',
      config: { bodySchema: { '200': { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } } } },
      inputs: { status: 200, body: { id: 7 } },
      outputs: { done: true },
    },
  ],
  prepare: (config, env) => compileResponseContract(config.bodySchema, env),
  run: (inputs, ctx) => {
    if (ctx.prepared) {
      const problems = checkResponse(ctx.prepared, inputs.status, inputs.body ?? null);
      if (problems.length > 0) {
        const first = problems[0];
        throw new PatternError('response_invalid', `The ${inputs.status} body breaks its schema: ${first?.path}: ${first?.message}`, { problems });
      }
    }
    ctx.respond({ status: inputs.status, headers: inputs.headers, body: inputs.body ?? null });
    return { done: true };
  },
});

/** The refusal of a request that breaks its route's contract: every problem located (`body.items[0].qty`). */
export function requestInvalid(problems: Array<{ path: string; message: string }>): PatternError {
  const first = problems[0];
  return new PatternError('request_invalid', `The request does not match the route: ${first?.path}: ${first?.message}`, { problems });
}

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
