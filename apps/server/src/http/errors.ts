import type { IncomingMessage } from 'node:http';
import { isPatternError, type Logger, PatternError } from '@pattern/core';
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { httpStatusOf } from './error-status.ts';

export function errorResponse(c: Context, status: number, code: string, message: string, details: unknown = null): Response {
  return c.json({ error: { code, message, details } }, status as ContentfulStatusCode);
}

/** Every error leaves as `{ error: { code, message, details } }`, the mods' routes' too; only faults of the server are 5xx. */
export function onError(log: Logger): ErrorHandler {
  return (error, c) => {
    if (isPatternError(error)) {
      const status = httpStatusOf(error);
      if (status >= 500) log.error(error.message, { code: error.code, path: c.req.path });
      const retryAfter = (error.details as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds;
      if (status === 429 && typeof retryAfter === 'number') c.header('Retry-After', String(retryAfter));
      if (status === 413 && bodyPartlyRead(c)) c.header('Connection', 'close');
      return errorResponse(c, status, error.code, error.message, error.details);
    }
    if (error instanceof HTTPException) {
      const status = error.status;
      const code = status === 413 ? 'too_large' : status === 401 ? 'unauthorized' : 'bad_request';
      return errorResponse(c, status, code, error.message || 'The request was refused');
    }
    log.error('unhandled error', { path: c.req.path, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    return errorResponse(c, 500, 'internal', 'Something went wrong on the server; the error is in its log');
  };
}

/**
 * A body refused before any of it was read (its Content-Length was over the cap) is drained by
 * Node after the answer, so the connection stays usable and the client reads the 413 in full. One
 * refused half-way cannot be drained: the rest of it would be read as the next request.
 */
function bodyPartlyRead(c: Context): boolean {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  return incoming ? incoming.readableDidRead || incoming.readableFlowing !== null : true;
}

export const onNotFound: NotFoundHandler = (c) =>
  errorResponse(c, 404, 'not_found', `Nothing is served at ${c.req.method} ${c.req.path}`, { method: c.req.method, path: c.req.path });

export function notFound(what: string, id: string): PatternError {
  return new PatternError('not_found', `There is no ${what} "${id}"`, { id });
}
