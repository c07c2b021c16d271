import { defineOp } from '@pattern/core';
import { z } from 'zod';
import { DocDataSchema, DocIdSchema, FenceSchema, VersionSchema } from '../schemas.ts';
import { after, collection, current, doc, onceKey, withoutAfter } from './ports.ts';

export const storePut = defineOp({
  name: 'store.put',
  title: 'Put document',
  category: 'store',
  description:
    'Writes a document (insert or replace). With `version` it is a compare-and-swap: it writes only if the stored version is still `version` (0: only if absent); a lost race is `ok: false` with the `current` document, not an error. Safe to re-run in a durable run: a node that runs again after a crash answers what its first execution wrote and writes nothing.',
  inputs: {
    collection,
    id: { schema: DocIdSchema.optional(), description: 'The id; a new ULID when not given.' },
    data: { schema: DocDataSchema, description: 'The document data, a JSON object.' },
    version: {
      schema: VersionSchema.optional(),
      description: 'The version the stored document must have for the write to happen (0: must not exist).',
    },
    fence: {
      schema: FenceSchema.optional(),
      description: 'A lease `{ key, token }`: the write is refused with `conflict` when a newer token of that key was issued since.',
    },
    after,
  },
  outputs: {
    ok: { schema: z.boolean(), description: 'Whether the write happened.' },
    doc: { ...doc, description: 'The written document, when `ok`.' },
    current,
  },
  examples: [
    {
      title: 'Save an order',
      inputs: { collection: 'orders', id: 'o-1', data: { status: 'open', total: 42 } },
      outputs: { ok: true, doc: { id: 'o-1', data: { status: 'open', total: 42 }, version: 1 } },
    },
    {
      title: 'A compare-and-swap that lost',
      description: 'Version 3 was expected but the document does not exist.',
      inputs: { collection: 'orders', id: 'o-2', data: { status: 'paid' }, version: 3 },
      outputs: { ok: false, current: null },
    },
  ],
  run: async (inputs, ctx) => {
    const result = await ctx.services.get('store').documents.put(withoutAfter(inputs), onceKey(ctx));
    return result.ok ? { ok: true, doc: result.doc } : { ok: false, current: result.current };
  },
});
