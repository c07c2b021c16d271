import type { z } from 'zod';

/** What a schema on a route describes, as OpenAPI names the parts: what it takes, and what it answers. */
export type RouteSchemaTarget = 'body' | 'query' | 'path' | 'response';

export interface RouteSchema {
  target: RouteSchemaTarget;
  schema: z.ZodType;
  /** For a `response`: the status it answers with. */
  status?: number;
}

// Registered, so the server reads the marks of a mod loaded from a file outside the repository.
const DESCRIBES = Symbol.for('pattern.routeSchema');

/**
 * Marks a route's middleware with a schema it checks or answers by, so the server's OpenAPI
 * document is read off the routes themselves (the server's and every mod's) and cannot drift
 * from them.
 */
export function describes<M extends object>(middleware: M, target: RouteSchemaTarget, schema: z.ZodType, status?: number): M {
  const mark: RouteSchema = { target, schema, ...(status !== undefined ? { status } : {}) };
  Object.defineProperty(middleware, DESCRIBES, { value: mark });
  return middleware;
}

/**
 * A middleware that only says what the route answers (JSON matching `schema`, with `status`),
 * for the route's OpenAPI description: `app.get('/api/things', answers(ThingsSchema), handler)`.
 */
export function answers(schema: z.ZodType, status = 200): (context: unknown, next: () => Promise<void>) => Promise<void> {
  return describes((_context: unknown, next: () => Promise<void>) => next(), 'response', schema, status);
}

/** The schema a route handler was marked with, if any. */
export function routeSchemaOf(handler: unknown): RouteSchema | undefined {
  if (typeof handler !== 'function') return undefined;
  return (handler as unknown as Record<typeof DESCRIBES, RouteSchema | undefined>)[DESCRIBES];
}
