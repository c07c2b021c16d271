import { defineOp } from '@pattern/core';
import { z } from 'zod';
import { DEFAULT_PAGE, EventTypeSchema, MAX_PAGE, StoredEventSchema, TagSchema } from '../schemas.ts';

export const eventsQuery = defineOp({
  name: 'events.query',
  title: 'Query events',
  category: 'events',
  description:
    'Events across every stream, oldest first, after a global position: of some types, and mentioning a correlated id (`tag: { product_id: "p-1" }`: any payload field ending in `Id` or `_id`). Answered from indexes; page with `next`.',
  inputs: {
    types: { schema: z.array(EventTypeSchema).optional(), description: 'Only events of these types.' },
    tag: { schema: TagSchema.optional(), description: 'Only events whose payload has these correlated ids, like `{ "store_id": "s-1" }`.' },
    after: { schema: z.number().int().min(0).optional(), description: 'Only events after this global position (default 0: from the start).' },
    limit: { schema: z.number().int().min(1).max(MAX_PAGE).optional(), description: `At most this many events (default ${DEFAULT_PAGE}).` },
  },
  outputs: {
    events: { schema: z.array(StoredEventSchema), description: 'The matching events, by position.' },
    next: { schema: z.number().int().nullable(), description: 'The `after` of the next page, or null when there is none.' },
  },
  examples: [
    {
      title: 'Every price change of a store',
      inputs: { types: ['PriceLowered', 'PriceRaised'], tag: { store_id: 's-1' }, after: 0 },
      outputs: { events: [], next: null },
    },
  ],
  run: async (inputs, ctx) => {
    const events = ctx.services.get('events');
    const common = {
      ...(inputs.types ? { types: inputs.types } : {}),
      ...(inputs.after !== undefined ? { after: inputs.after } : {}),
      ...(inputs.limit !== undefined ? { limit: inputs.limit } : {}),
    };
    const page = inputs.tag && Object.keys(inputs.tag).length > 0 ? await events.query({ tag: inputs.tag, ...common }) : await events.readAll(common);
    return { events: page.events, next: page.next };
  },
});
