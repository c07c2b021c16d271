import { Hono } from 'hono';
import type { CounterService } from '../service.ts';

/** `GET /api/counter/:name`: a counter's value. A bad name is the service's `validation_failed`, which the server answers with 422. */
export function counterRoutes(counter: () => CounterService): Hono {
  const app = new Hono();
  app.get('/api/counter/:name', async (c) => c.json(await counter().get(c.req.param('name'))));
  return app;
}
