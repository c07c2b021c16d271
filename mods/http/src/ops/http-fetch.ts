import { defineOp, type OpContext } from '@pattern/core';
import { z } from 'zod';
import { sensitiveValues } from '../fetch/sensitive-headers.ts';
import { withTraceHeaders } from '../fetch/trace-headers.ts';
import { DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT_MS, HeadersSchema, MaxBytesSchema, MethodSchema, QuerySchema, TimeoutSchema } from '../schemas.ts';
import { after } from './ports.ts';

/** Methods that change nothing: sent again, they do no harm. */
const SAFE_METHODS = new Set(['GET', 'HEAD']);

/**
 * A durable run's node that runs again after a crash sends its request again: the node's
 * idempotency key, the same both times, lets an API that honours `Idempotency-Key` act once.
 * A header the workflow sets itself, in any case, wins.
 */
function withIdempotencyKey(headers: Record<string, string> | undefined, method: string | undefined, ctx: OpContext) {
  if (!ctx.run.durable || SAFE_METHODS.has(method ?? 'GET')) return headers;
  if (Object.keys(headers ?? {}).some((name) => name.toLowerCase() === 'idempotency-key')) return headers;
  return { ...headers, 'Idempotency-Key': ctx.idempotencyKey };
}

export const httpFetch = defineOp({
  name: 'http.fetch',
  title: 'Fetch URL',
  category: 'http',
  // A credential in a header authenticates the request; what the API answers is not made from it,
  // and an API that echoes the credential echoes the secret itself, which stays hidden. A secret in
  // the URL, query or body can come back in the answer (a signed URL, an echoed body), so those hide it.
  declassifies: ['headers'],
  description:
    "Calls an HTTP API and emits its answer. A non-2xx answer is a value (`ok` is false); a timeout, an unreachable host or an answer over `maxBytes` fails the node. Loopback, private, link-local and cloud metadata addresses are refused unless the `http.allowHosts` setting lists them. Safe to re-run in a durable run when the API honours `Idempotency-Key`: every request but GET and HEAD carries the node's idempotency key, the same when the node runs again after a crash.",
  inputs: {
    url: { schema: z.string().min(1).max(16_384), description: 'The absolute http or https URL, like https://api.example.com/v1/orders.' },
    method: { schema: MethodSchema.optional(), description: 'The HTTP method (GET when not given).' },
    headers: {
      schema: HeadersSchema.optional(),
      description: 'Request headers by name. Authorization, Cookie and values from secrets show as [redacted] in run history.',
    },
    query: { schema: QuerySchema.optional(), description: 'Query-string parameters added to the URL; an array repeats the parameter.' },
    body: { description: 'The request body: an object or array is sent as JSON, a string as text.' },
    timeoutMs: {
      schema: TimeoutSchema.optional(),
      description: `How long the whole request may take, redirects and body included (default ${DEFAULT_TIMEOUT_MS} ms).`,
    },
    maxBytes: {
      schema: MaxBytesSchema.optional(),
      description: `The largest answer body accepted, after decompression (default ${DEFAULT_MAX_BYTES} bytes, 5 MiB).`,
    },
    after,
  },
  outputs: {
    ok: { schema: z.boolean(), description: 'Whether the status is 2xx.' },
    status: { schema: z.number().int(), description: 'The status code of the final answer, after redirects.' },
    headers: { schema: z.record(z.string(), z.string()), description: 'The answer headers, lower-case names; repeated ones joined with ", ".' },
    body: { description: 'Parsed JSON when the answer says application/json, else the text.' },
  },
  examples: [
    {
      title: 'Cloud metadata is refused',
      description: 'Fails with `blocked_address` before any connection: 169.254.169.254 is the metadata endpoint of most clouds.',
      inputs: { url: 'http://169.254.169.254/latest/meta-data/' },
    },
    {
      title: 'Loopback is refused, in any spelling',
      description: '`0x7f.1` is 127.0.0.1 in hex; it fails with `blocked_address` unless `http.allowHosts` lists 127.0.0.1.',
      inputs: { url: 'http://0x7f.1:8080/admin', method: 'POST', body: { hello: 'world' } },
    },
  ],
  run: async (inputs, ctx) => {
    for (const value of sensitiveValues(inputs.headers)) ctx.redact(value);
    const { after: _pulse, ...request } = inputs;
    const headers = withIdempotencyKey(withTraceHeaders(request.headers, ctx), request.method, ctx);
    const answer = await ctx.services.get('http').fetch({ ...request, ...(headers ? { headers } : {}) }, ctx.signal);
    for (const value of sensitiveValues(answer.headers)) ctx.redact(value);
    return answer;
  },
});
