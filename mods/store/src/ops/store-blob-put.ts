import { defineOp } from '@pattern/core';
import { z } from 'zod';
import { BlobMetaSchema, BlobRefSchema } from '../schemas.ts';
import { after } from './ports.ts';

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
    filename: {
      schema: z.string().optional(),
      description:
        'What a download of the blob is saved as, like "report.pdf": one path segment of visible text, at most 255 characters (`bad_request` otherwise). Served as `Content-Disposition: attachment`.',
    },
    after,
  },
  outputs: {
    blob: { schema: BlobMetaSchema, description: 'The metadata: `{ id, mime, size, sha256, ownerId, filename, createdAt }`.' },
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
    const blob = await ctx.services.get('store').blobs.put(inputs.data, { mime: inputs.mime, filename: inputs.filename, ownerId: ctx.runId });
    return { blob, ref: { blobId: blob.id, mime: blob.mime } };
  },
});
