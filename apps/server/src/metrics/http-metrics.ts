import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { ServerMetrics } from './server-metrics.ts';
import { TallyKeys } from './tally-keys.ts';

/**
 * Counts and times every request by the pattern of the route that answered it (`/api/runs/:id`,
 * never the path itself, so ids never become label values). A request a middleware answers (the
 * guard, a workflow route) reads as that middleware's pattern (`/api/*`, `*`).
 */
export function httpMetrics(metrics: ServerMetrics): MiddlewareHandler {
  const requestKeys = new TallyKeys();
  const durationKeys = new TallyKeys();
  const count = (c: Context, started: number) => {
    const route = matchedRoutes(c)[c.req.routeIndex]?.path ?? '*';
    const status = c.res.status;
    const method = c.req.method;
    metrics.httpRequests.inc(requestKeys.of(method, route, status));
    metrics.httpDuration.observe(durationKeys.of(method, route), (performance.now() - started) / 1000);
    if (status === 429) metrics.rateLimited.inc({ route });
  };
  // Not an async function: a request costs no promise and no microtask hop of its own here.
  return (c, next) => {
    const started = performance.now();
    return next().then(
      () => count(c, started),
      (error: unknown) => {
        count(c, started);
        throw error;
      },
    );
  };
}
