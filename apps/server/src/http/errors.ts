import { httpStatusOf, isPatternError, type Logger, PatternError } from '@pattern/core';
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export function errorResponse(c: Context, status: number, code: string, message: string, details: unknown = null): Response {
  return c.json({ error: { code, message, details } }, status as ContentfulStatusCode);
}

/** Every error leaves as `{ error: { code, message, details } }`; only faults of the server are 5xx. */
export function onError(log: Logger): ErrorHandler {
  return (error, c) => {
    if (isPatternError(error)) {
      const status = httpStatusOf(error);
      if (status >= 500) log.error(error.message, { code: error.code, path: c.req.path });
      const retryAfter = (error.details as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds;
      if (status === 429 && typeof retryAfter === 'number') c.header('Retry-After', String(retryAfter));
      // A refused body may be left unread; the connection cannot carry another request after it.
      if (status === 413) c.header('Connection', 'close');
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

export const onNotFound: NotFoundHandler = (c) =>
  errorResponse(c, 404, 'not_found', `Nothing is served at ${c.req.method} ${c.req.path}`, { method: c.req.method, path: c.req.path });

export function notFound(what: string, id: string): PatternError {
  return new PatternError('not_found', `There is no ${what} "${id}"`, { id });
}
