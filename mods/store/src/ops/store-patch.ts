import { defineOp } from '@pattern/core';
import { z } from 'zod';
import { DocDataSchema, DocIdSchema, VersionSchema } from '../schemas.ts';
import { after, collection, current, doc, onceKey, withoutAfter } from './ports.ts';

export const storePatch = defineOp({
  name: 'store.patch',
  title: 'Patch document',
  category: 'store',
  description:
    "Merges `patch` into a document's data (top-level keys replace) if its version is still `version`. A lost race is `ok: false` with the `current` document (null when there is none), not an error. Safe to re-run in a durable run: a node that runs again after a crash answers what its first execution did and patches nothing.",
  inputs: {
    collection,
    id: { schema: DocIdSchema, description: 'The id of the document.' },
    patch: { schema: DocDataSchema, description: 'The keys to set.' },
    version: { schema: VersionSchema, description: 'The version the document must still have.' },
    after,
  },
  outputs: {
    ok: { schema: z.boolean(), description: 'Whether the patch was applied.' },
    doc: { ...doc, description: 'The patched document, when `ok`.' },
    current,
  },
  examples: [
    {
      title: 'Patch a document that is not there',
      description: 'There is nothing at version 1 to patch, so nothing is written.',
      inputs: { collection: 'orders', id: 'missing', patch: { status: 'paid' }, version: 1 },
      outputs: { ok: false, current: null },
    },
  ],
  run: async (inputs, ctx) => {
    const result = await ctx.services.get('store').documents.patch(withoutAfter(inputs), onceKey(ctx));
    return result.ok ? { ok: true, doc: result.doc } : { ok: false, current: result.current };
  },
});
