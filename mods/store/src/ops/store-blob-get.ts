import { defineOp } from '@pattern/core';
import { z } from 'zod';
import { BlobMetaSchema } from '../schemas.ts';
import { blobId } from './ports.ts';

export const storeBlobGet = defineOp({
  name: 'store.blob.get',
  title: 'Get blob',
  category: 'store',
  description: "Reads a blob's metadata and content. `blob` and `bytes` are emitted only when it exists.",
  inputs: { id: blobId },
  outputs: {
    found: { schema: z.boolean(), description: 'Whether the blob exists.' },
    blob: { schema: BlobMetaSchema, description: 'The metadata, when found.' },
    bytes: { schema: z.string(), description: 'The content, base64-encoded (values travel as JSON), when found.' },
  },
  examples: [{ title: 'A blob that does not exist', inputs: { id: '01J00000000000000000000000' }, outputs: { found: false } }],
  run: async (inputs, ctx) => {
    const read = await ctx.services.get('store').blobs.bytes(inputs.id);
    return read ? { found: true, blob: read.meta, bytes: read.bytes.toString('base64') } : { found: false };
  },
});
