import { httpStatusOf, type Logger, PatternError, toErrorBody } from '@pattern/core';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** Maps what a route threw to the error shape; a fault of the store itself is logged, and its details stay in the log. */
export function errorResponse(log: Logger) {
  return (error: unknown, c: Context): Response => {
    const status = httpStatusOf(error);
    if (status === 500)
      log.error(`${c.req.method} ${c.req.path} failed`, { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    const body = status === 500 ? { code: 'internal', message: 'The store failed; see the server log', details: null } : toErrorBody(error);
    return c.json({ error: body }, status as ContentfulStatusCode);
  };
}

export function blobNotFound(id: string): PatternError {
  return new PatternError('not_found', `There is no blob "${id}"`, { id });
}
