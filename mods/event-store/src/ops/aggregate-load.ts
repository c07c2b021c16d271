import { defineOp } from '@pattern/core';
import { z } from 'zod';
import { AggregateIdSchema, AggregateTypeSchema } from '../schemas.ts';

export const aggregateLoad = defineOp({
  name: 'aggregate.load',
  title: 'Load aggregate',
  category: 'aggregate',
  description:
    "An aggregate's state, folded from its latest snapshot and the events after it; with `asOfVersion`, its state as it was at that version.",
  inputs: {
    type: { schema: AggregateTypeSchema, description: 'The aggregate type, as a mod defines it (`Order`).' },
    id: { schema: AggregateIdSchema, description: 'The aggregate id.' },
    asOfVersion: { schema: z.number().int().min(0).optional(), description: 'Load the state as of this version instead of the latest.' },
  },
  outputs: {
    state: { description: "The aggregate's state (its initial state when it has no events)." },
    version: { schema: z.number().int(), description: 'The version the state is at (0: no events).' },
    found: { schema: z.boolean(), description: 'Whether the aggregate has any event.' },
  },
  examples: [
    {
      title: 'An order that does not exist yet',
      description: 'Uses the `Order` aggregate of the Orders example, which the default mod registers.',
      inputs: { type: 'Order', id: 'o-1' },
      outputs: { state: { status: 'none', items: [], total: 0 }, version: 0, found: false },
    },
  ],
  run: async (inputs, ctx) => {
    const loaded = await ctx.services
      .get('events')
      .load(inputs.type, inputs.id, inputs.asOfVersion !== undefined ? { asOfVersion: inputs.asOfVersion } : {});
    return { state: loaded.state ?? null, version: loaded.version, found: loaded.found };
  },
});
