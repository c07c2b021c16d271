import { defineOp } from '@pattern/core';
import { z } from 'zod';
import { AggregateIdSchema, AggregateTypeSchema } from '../schemas.ts';

export const aggregateRebuild = defineOp({
  name: 'aggregate.rebuild',
  title: 'Rebuild snapshots',
  category: 'aggregate',
  description: 'Rebuilds the snapshot of one aggregate from its events, or of every aggregate of a type when `id` is not given.',
  inputs: {
    type: { schema: AggregateTypeSchema, description: 'The aggregate type.' },
    id: { schema: AggregateIdSchema.optional(), description: 'One aggregate; every aggregate of the type when not given.' },
  },
  outputs: { rebuilt: { schema: z.number().int(), description: 'How many snapshots were rebuilt.' } },
  examples: [
    {
      title: 'Every order',
      description: 'Uses the `Order` aggregate of the Orders example, which the default mod registers.',
      inputs: { type: 'Order' },
      outputs: { rebuilt: 0 },
    },
  ],
  run: async (inputs, ctx) => ({ rebuilt: await ctx.services.get('events').rebuild(inputs.type, inputs.id) }),
});
