import { defineOp } from '@pattern/core';
import { z } from 'zod';
import { sensitiveValues } from '../fetch/sensitive-headers.ts';
import { DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT_MS, HeadersSchema, MaxBytesSchema, MethodSchema, QuerySchema, TimeoutSchema } from '../schemas.ts';
import { after } from './ports.ts';

export const httpFetch = defineOp({
  name: 'http.fetch',
  title: 'Fetch URL',
  category: 'http',
  description:
    'Calls an HTTP API and emits its answer. A non-2xx answer is a value (`ok` is false); a timeout, an unreachable host or an answer over `maxBytes` fails the node. Loopback, private, link-local and cloud metadata addresses are refused unless the `http.allowHosts` setting lists them.',
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
    const answer = await ctx.services.get('http').fetch(request, ctx.signal);
    for (const value of sensitiveValues(answer.headers)) ctx.redact(value);
    return answer;
  },
});
