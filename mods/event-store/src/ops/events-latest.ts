import { defineOp } from '@pattern/core';
import { z } from 'zod';
import { EventTypeSchema, StoredEventSchema, TagSchema } from '../schemas.ts';

export const eventsLatest = defineOp({
  name: 'events.latest',
  title: 'Latest event',
  category: 'events',
  description:
    'The most recent event of a type, among those mentioning a correlated id when `tag` is given (`{ product_id: "p-1" }`). Answered from the tag index.',
  inputs: {
    type: { schema: EventTypeSchema, description: 'The event type.' },
    tag: { schema: TagSchema.optional(), description: 'Correlated ids the event must mention, like `{ "product_id": "p-1" }`.' },
  },
  outputs: {
    found: { schema: z.boolean(), description: 'Whether there is such an event.' },
    event: { schema: StoredEventSchema, description: 'The event; not emitted when there is none.' },
  },
  examples: [{ title: 'No price change yet', inputs: { type: 'PriceLowered', tag: { product_id: 'p-1' } }, outputs: { found: false } }],
  run: async (inputs, ctx) => {
    const event = await ctx.services.get('events').latest({ type: inputs.type, ...(inputs.tag ? { tag: inputs.tag } : {}) });
    return event ? { found: true, event } : { found: false };
  },
});
