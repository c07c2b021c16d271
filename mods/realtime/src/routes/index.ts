import { answers } from '@pattern/core';
import { Hono } from 'hono';
import { type ConnectionsListing, ConnectionsListingSchema } from '../schemas.ts';
import type { RealtimeService } from '../service.ts';

/** `GET /api/realtime/connections`: the open connections of every server, with their rooms. */
export function realtimeRoutes(realtime: () => RealtimeService): Hono {
  const app = new Hono();
  app.get('/api/realtime/connections', answers(ConnectionsListingSchema), async (c) => {
    const listing: ConnectionsListing = { servers: await realtime().connections() };
    return c.json(listing);
  });
  return app;
}
