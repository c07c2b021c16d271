import { defineOp } from '@pattern/core';
import { z } from 'zod';
import { BlobMetaSchema, BlobRefSchema } from '../schemas.ts';

const blobId = { schema: z.string().min(1), description: 'The id of the blob.' };

export const storeBlobPut = defineOp({
  name: 'store.blob.put',
  title: 'Put blob',
  category: 'store',
  description:
    'Stores bytes as a blob: text, a `data:` URL, or bytes from another op. Text that starts with `data:` must be a valid data URL (`bad_request` otherwise); any other text is stored as it is. Over the size limit it fails with `too_large` and keeps nothing.',
  inputs: {
    data: {
      schema: z.union([z.string(), z.custom<Uint8Array>((value) => value instanceof Uint8Array)]),
      description: 'The content: text (stored as UTF-8), a `data:` URL from the first character on (decoded), or bytes.',
    },
    mime: {
      schema: z.string().optional(),
      description: 'The media type, like "image/png" (`bad_request` when it is not one); the data URL\'s, or text/plain for text, when not given.',
    },
  },
  outputs: {
    blob: { schema: BlobMetaSchema, description: 'The metadata: `{ id, mime, size, sha256, ownerId, createdAt }`.' },
    ref: { schema: BlobRefSchema, description: 'A reference to keep in a document: `{ blobId, mime }`.' },
  },
  examples: [
    {
      title: 'Store a text',
      inputs: { data: 'hello', mime: 'text/plain' },
      outputs: {
        blob: { mime: 'text/plain', size: 5, sha256: '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824' },
        ref: { mime: 'text/plain' },
      },
    },
  ],
  run: async (inputs, ctx) => {
    const blob = await ctx.services.get('store').blobs.put(inputs.data, { mime: inputs.mime, ownerId: ctx.runId });
    return { blob, ref: { blobId: blob.id, mime: blob.mime } };
  },
});

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

export const storeBlobDelete = defineOp({
  name: 'store.blob.delete',
  title: 'Delete blob',
  category: 'store',
  description: 'Deletes a blob, its metadata and its file.',
  inputs: { id: blobId },
  outputs: { deleted: { schema: z.boolean(), description: 'Whether a blob was deleted.' } },
  examples: [{ title: 'Delete a blob that is not there', inputs: { id: '01J00000000000000000000000' }, outputs: { deleted: false } }],
  run: async (inputs, ctx) => ({ deleted: await ctx.services.get('store').blobs.delete(inputs.id) }),
});
