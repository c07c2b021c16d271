import { defineOp } from '@pattern/core';
import { z } from 'zod';
import { after, blobId } from './ports.ts';

export const storeBlobDelete = defineOp({
  name: 'store.blob.delete',
  title: 'Delete blob',
  category: 'store',
  description: 'Deletes a blob, its metadata and its file.',
  inputs: { id: blobId, after },
  outputs: { deleted: { schema: z.boolean(), description: 'Whether a blob was deleted.' } },
  examples: [{ title: 'Delete a blob that is not there', inputs: { id: '01J00000000000000000000000' }, outputs: { deleted: false } }],
  run: async (inputs, ctx) => ({ deleted: await ctx.services.get('store').blobs.delete(inputs.id) }),
});
