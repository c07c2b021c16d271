import { z } from 'zod';
import { PatternError } from '../errors.ts';
import type { HttpResponseValue } from '../ops/op-context.ts';

/** A header name is an HTTP token (RFC 9110); Node refuses to send a response with any other. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** The characters Node writes in a header value: tab, space, visible ASCII and Latin-1. CR, LF and NUL would split or end the header. */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** 1xx answers are interim (`101` switches protocols): a workflow sends final answers only. */
export const ResponseStatusSchema = z
  .number()
  .int()
  .min(200, 'a status from 200 to 599 (1xx answers are interim, not responses)')
  .max(599, 'a status from 200 to 599');

export const ResponseHeadersSchema = z.record(
  z.string().regex(HEADER_NAME),
  z.string().regex(HEADER_VALUE, 'a header value holds no line breaks, NUL or other control characters'),
  {
    error: (issue) =>
      issue.code === 'invalid_key' ? `"${String(issue.input)}" is not a header name (letters, digits and !#$%&'*+-.^_\`|~ only)` : undefined,
  },
);

const StatusCheck = z.compile(ResponseStatusSchema);
const HeadersCheck = z.compile(ResponseHeadersSchema);

/** Refuses a response the HTTP server could not send; every op that responds goes through here. */
export function assertSendable(response: HttpResponseValue): void {
  const status = StatusCheck.safeParse(response.status);
  if (!status.success) throw unsendable('status', status.error.issues[0]?.message);
  const headers = HeadersCheck.safeParse(response.headers);
  if (!headers.success) {
    const issue = headers.error.issues[0];
    throw unsendable(['headers', ...(issue?.path ?? []).map(String)].join('.'), issue?.message);
  }
}

function unsendable(field: string, reason = 'invalid'): PatternError {
  return new PatternError('invalid_response', `The response cannot be sent: ${field}: ${reason}`, { field });
}
