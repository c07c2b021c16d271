import { z } from 'zod';

/** What a Server-Sent Events route streams: each event's name, and the JSON its `data` holds. */
export interface EventStreamMark {
  description: string;
  events: Record<string, z.ZodType>;
}

const STREAMS = Symbol.for('pattern.eventStream');

/**
 * A middleware that only says the route answers `text/event-stream`, with these events, for its
 * OpenAPI description: `app.get('/api/runs/:id/events', streams({ node, settled }, '…'), handler)`.
 */
export function streams(events: Record<string, z.ZodType>, description: string): (context: unknown, next: () => Promise<void>) => Promise<void> {
  const middleware = (_context: unknown, next: () => Promise<void>) => next();
  const mark: EventStreamMark = { description, events };
  Object.defineProperty(middleware, STREAMS, { value: mark });
  return middleware;
}

/** The events a route handler was marked with, if any. */
export function eventStreamOf(handler: unknown): EventStreamMark | undefined {
  if (typeof handler !== 'function') return undefined;
  return (handler as unknown as Record<typeof STREAMS, EventStreamMark | undefined>)[STREAMS];
}

/**
 * The stream as OpenAPI 3.1 can say it: one of the events, each as the `event` field's name and
 * its `data` field, JSON text whose schema is the event's; `embed` places each schema's definitions in the document.
 */
export function eventStreamSchema(
  { description, events }: EventStreamMark,
  embed: (schema: Record<string, unknown>, event: string) => Record<string, unknown>,
): Record<string, unknown> {
  return {
    description,
    oneOf: Object.entries(events).map(([event, data]) => {
      const json = z.toJSONSchema(data, { io: 'output', unrepresentable: 'any' }) as Record<string, unknown>;
      return {
        type: 'object',
        title: event,
        required: ['event', 'data'],
        properties: {
          event: { const: event },
          data: {
            type: 'string',
            ...(typeof json.description === 'string' ? { description: json.description } : {}),
            contentMediaType: 'application/json',
            contentSchema: embed(json, event),
          },
        },
      };
    }),
  };
}
