import { z } from 'zod';
import { allowListEntryProblem } from './addresses/allow-list.ts';

/** The contracts of the http mod: its options, and the request and answer of `http.fetch`. */

export const AllowHostSchema = z.string().superRefine((entry, ctx) => {
  const problem = allowListEntryProblem(entry);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const HttpOptionsSchema = z.strictObject({
  /** Host names, addresses or CIDR ranges http.fetch may reach although they are loopback, private or otherwise internal. */
  allowHosts: z.array(AllowHostSchema).max(1000).default([]),
});

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;

export const MethodSchema = z
  .string()
  .regex(/^[A-Za-z]{1,16}$/, 'a method is a word like GET or POST')
  .transform((method) => method.toUpperCase());
export const HeadersSchema = z.record(
  z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}$/, 'a header name is a token like Content-Type'),
  // A line break in a value would start a new header.
  z.string().regex(/^[^\r\n\0]*$/, 'a header value is one line'),
);
const QueryValueSchema = z.union([z.string(), z.number(), z.boolean()]);
export const QuerySchema = z.record(z.string(), z.union([QueryValueSchema, z.array(QueryValueSchema)]));
export const TimeoutSchema = z.number().int().min(1).max(600_000);
export const MaxBytesSchema = z
  .number()
  .int()
  .min(0)
  .max(1024 * 1024 * 1024);

export const UrlSchema = z.string().min(1).max(16_384);

export const FetchRequestSchema = z.object({
  url: UrlSchema,
  method: MethodSchema.default('GET'),
  headers: HeadersSchema.optional(),
  query: QuerySchema.optional(),
  body: z.unknown().optional(),
  timeoutMs: TimeoutSchema.default(DEFAULT_TIMEOUT_MS),
  maxBytes: MaxBytesSchema.default(DEFAULT_MAX_BYTES),
});

export const FetchAnswerSchema = z.object({
  ok: z.boolean(),
  status: z.number().int(),
  headers: z.record(z.string(), z.string()),
  body: z.unknown(),
});

/** What `GET /api/http/check` answers: the address http.fetch would connect to, or why it would not. */
export const AddressCheckSchema = z.object({
  url: z.string(),
  allowed: z.boolean(),
  address: z.string().optional(),
  reason: z.string().optional(),
  message: z.string().optional(),
});

export type AddressCheck = z.infer<typeof AddressCheckSchema>;
export type HttpOptions = z.output<typeof HttpOptionsSchema>;
export type FetchRequest = z.output<typeof FetchRequestSchema>;
export type FetchRequestInput = z.input<typeof FetchRequestSchema>;
export type FetchAnswer = z.infer<typeof FetchAnswerSchema>;
