import { defineOp } from '@pattern/core';
import { z } from 'zod';
import { DocIdSchema } from '../schemas.ts';
import { collection, doc } from './ports.ts';

export const storeGet = defineOp({
  name: 'store.get',
  title: 'Get document',
  category: 'store',
  description: 'Reads one document by id. `doc` is emitted only when it exists, so what hangs off it is skipped otherwise.',
  inputs: { collection, id: { schema: DocIdSchema, description: 'The id of the document.' } },
  outputs: {
    found: { schema: z.boolean(), description: 'Whether the document exists.' },
    doc: { ...doc, description: 'The document, when found.' },
  },
  examples: [{ title: 'A document that does not exist', inputs: { collection: 'orders', id: 'missing' }, outputs: { found: false } }],
  run: async (inputs, ctx) => {
    const found = await ctx.services.get('store').documents.get(inputs.collection, inputs.id);
    return found ? { found: true, doc: found } : { found: false };
  },
});
