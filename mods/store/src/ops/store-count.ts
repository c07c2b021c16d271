import { defineOp } from '@pattern/core';
import { z } from 'zod';
import { WhereSchema } from '../schemas.ts';
import { collection } from './ports.ts';

export const storeCount = defineOp({
  name: 'store.count',
  title: 'Count documents',
  category: 'store',
  description: 'Counts the documents matching `where` (on indexed fields), or every document of the collection.',
  inputs: { collection, where: { schema: WhereSchema.optional(), description: 'Conditions on indexed fields, as in `store.query`.' } },
  outputs: { count: { schema: z.number().int(), description: 'How many documents match.' } },
  examples: [{ title: 'Count an empty collection', inputs: { collection: 'orders' }, outputs: { count: 0 } }],
  run: async (inputs, ctx) => ({ count: await ctx.services.get('store').documents.count(inputs.collection, inputs.where) }),
});
