import { Hono } from 'hono';
import type { RealtimeService } from '../service.ts';

/** `GET /api/realtime/connections`: the open connections of every server, with their rooms. */
export function realtimeRoutes(realtime: () => RealtimeService): Hono {
  const app = new Hono();
  app.get('/api/realtime/connections', async (c) => c.json({ servers: await realtime().connections() }));
  return app;
}
