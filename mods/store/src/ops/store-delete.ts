import { defineOp } from '@pattern/core';
import { z } from 'zod';
import { DocIdSchema, VersionSchema } from '../schemas.ts';
import { after, collection, onceKey, withoutAfter } from './ports.ts';

export const storeDelete = defineOp({
  name: 'store.delete',
  title: 'Delete document',
  category: 'store',
  description:
    'Deletes a document. With `version`, only if it is still at that version. Safe to re-run in a durable run: a node that runs again after a crash answers what its first execution did.',
  inputs: {
    collection,
    id: { schema: DocIdSchema, description: 'The id of the document.' },
    version: { schema: VersionSchema.optional(), description: 'The version the document must still have.' },
    after,
  },
  outputs: { deleted: { schema: z.boolean(), description: 'Whether a document was deleted (false: none, or another version).' } },
  examples: [{ title: 'Delete a document that is not there', inputs: { collection: 'orders', id: 'missing' }, outputs: { deleted: false } }],
  run: async (inputs, ctx) => ({ deleted: (await ctx.services.get('store').documents.delete(withoutAfter(inputs), onceKey(ctx))).deleted }),
});
