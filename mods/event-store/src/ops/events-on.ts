import { defineOp } from '@pattern/core';
import { EventsOnConfigSchema, StoredEventSchema } from '../schemas.ts';

export const eventsOn = defineOp({
  name: 'events.on',
  title: 'On event',
  category: 'events',
  description:
    'Trigger: a saved workflow that starts with this node runs once per matching event, in order, with the event as its input: events appended after it was saved (`from: "now"`, the default), or every matching event in the log from the first one on (`from: "start"`), then each new one. A failing run is retried 3 times with backoff, then the event is parked (listed at `GET /api/events/parked`, retryable). A chain of events deeper than `maxCausationDepth` (32) parks the trigger; a trigger can be paused and resumed at `POST /api/events/triggers/:workflowId/pause` and `/resume`.',
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
    {
      title: 'Work through the history first',
      description: 'Saved with `from: "start"`, the workflow runs for every `OrderPlaced` already in the log, oldest first, then for each new one.',
      config: { types: ['OrderPlaced'], aggregateType: 'Order', from: 'start' },
    },
  ],
  run: (_inputs, ctx) => {
    const event = StoredEventSchema.safeParse(ctx.run.input);
    return event.success ? { event: event.data } : {};
  },
});
