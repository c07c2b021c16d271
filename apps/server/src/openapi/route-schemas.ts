import type { z } from 'zod';

/** Where a validator finds what it checks, as OpenAPI names it. */
export type SchemaTarget = 'body' | 'query' | 'path';

export interface RouteSchema {
  target: SchemaTarget;
  schema: z.ZodType;
}

const DESCRIBES = Symbol('pattern.routeSchema');

/**
 * Marks a validating middleware with the schema it checks, so the API's OpenAPI document is read
 * off the routes themselves (`app.routes`) and cannot drift from what they accept.
 */
export function describes<M extends object>(middleware: M, target: SchemaTarget, schema: z.ZodType): M {
  Object.defineProperty(middleware, DESCRIBES, { value: { target, schema } satisfies RouteSchema });
  return middleware;
}

/** The schema a route handler was marked with, if any. */
export function routeSchemaOf(handler: unknown): RouteSchema | undefined {
  if (typeof handler !== 'function') return undefined;
  return (handler as unknown as Record<typeof DESCRIBES, RouteSchema | undefined>)[DESCRIBES];
}
