import { defineOp } from '@pattern/core';
import { z } from 'zod';
import { AggregateTypeSchema, EventTypeSchema, StoredEventSchema } from '../schema.ts';

export const EventsOnConfigSchema = z.object({
  types: z.array(EventTypeSchema).min(1).describe('The event types that start a run.'),
  aggregateType: AggregateTypeSchema.optional().describe('Only events of streams of this aggregate type.'),
});

export const eventsOn = defineOp({
  name: 'events.on',
  title: 'On event',
  category: 'events',
  description:
    'Trigger: a saved workflow that starts with this node runs once per matching event appended after it was saved, in order, with the event as its input. A failing run is retried 3 times with backoff, then the event is parked (listed at `GET /api/events/parked`, retryable).',
  config: EventsOnConfigSchema,
  outputs: {
    event: { schema: StoredEventSchema, description: 'The event that started the run: id, stream, version, position, type, payload, metadata.' },
  },
  examples: [
    {
      title: 'React to sign-ups',
      description: 'Run from the editor, the node hands on the run input as the event.',
      config: { types: ['UserSignedUp'] },
    },
  ],
  run: (_inputs, ctx) => {
    const event = StoredEventSchema.safeParse(ctx.run.input);
    return event.success ? { event: event.data } : {};
  },
});
