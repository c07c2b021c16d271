import type { Engine } from '@pattern/core';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { refuses } from '../api/answers.ts';
import { queryOf } from '../http/json-body.ts';
import { streams } from '../openapi/event-stream.ts';
import type { Presence } from './presence.ts';

const PresenceQuerySchema = z.strictObject({
  session: z.string().min(8).max(64),
  name: z.string().trim().min(1).max(60),
});

const PresenceEventSchemas = {
  presence: z.object({ sessions: z.array(z.object({ id: z.string(), name: z.string() })) }).describe('Who has the workflow open, on every change.'),
  saved: z.object({ revision: z.string(), updatedAt: z.string() }).describe('The workflow was saved, wherever; with its new revision.'),
  ping: z.object({}).describe('A heartbeat, so proxies keep the stream open.'),
};

type PresenceEvent =
  | ({ event: 'presence' } & z.infer<typeof PresenceEventSchemas.presence>)
  | ({ event: 'saved' } & z.infer<typeof PresenceEventSchemas.saved>)
  | { event: 'ping' };

/**
 * `GET /api/workflows/:id/presence?session=…&name=…`: an SSE stream for one editor. It names
 * who has the workflow open (`presence`, on every change), tells of each save wherever it was
 * made (`saved`, with the new revision), and pings every heartbeat so proxies keep it open.
 * Closing the stream leaves.
 */
export function presenceRoutes(engine: Engine, presence: Presence) {
  const described = streams(PresenceEventSchemas, 'Server-Sent Events for one editor: `presence`, `saved` and `ping`; closing the stream leaves.');
  const noWorkflow = refuses(404, 'There is no such workflow.');
  return new Hono().get('/api/workflows/:id/presence', queryOf(PresenceQuerySchema), described, noWorkflow, (c) => {
    const id = c.req.param('id');
    engine.workflows.require(id);
    const { session, name } = c.req.valid('query');
    return streamSSE(c, async (stream) => {
      const queue: PresenceEvent[] = [];
      let wake: (() => void) | undefined;
      const push = (event: PresenceEvent) => {
        queue.push(event);
        wake?.();
      };
      const leave = presence.join(id, { id: session, name }, (sessions) => push({ event: 'presence', sessions }));
      const unsubscribe = engine.workflows.subscribe((change) => {
        if (change.type === 'saved' && change.workflow.id === id) {
          push({ event: 'saved', revision: change.workflow.revision, updatedAt: change.workflow.updatedAt });
        }
      });
      const ping = setInterval(() => push({ event: 'ping' }), presence.heartbeatMs);
      stream.onAbort(() => {
        clearInterval(ping);
        unsubscribe();
        leave();
        wake?.();
      });
      while (!stream.aborted) {
        const next = queue.shift();
        if (!next) {
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          wake = undefined;
          continue;
        }
        const { event, ...data } = next;
        await stream.writeSSE({ event, data: JSON.stringify(data) });
      }
    });
  });
}
