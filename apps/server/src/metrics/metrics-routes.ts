import { Hono, type MiddlewareHandler } from 'hono';
import type { ServerMetrics } from './server-metrics.ts';

/** `GET /metrics` for Prometheus; behind `guard` (a token with `runs:read`) unless `metrics.public` is set. */
export function metricsRoutes(metrics: ServerMetrics, guard: MiddlewareHandler | undefined): Hono {
  const app = new Hono();
  if (guard) app.use('/metrics', guard);
  return app.get('/metrics', async (c) => {
    const { body, contentType } = await metrics.text();
    return c.body(body, 200, { 'content-type': contentType });
  });
}
