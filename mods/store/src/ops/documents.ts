import { defineOp } from '@pattern/core';
import { z } from 'zod';
import {
  CollectionNameSchema,
  DocDataSchema,
  DocIdSchema,
  DocSchema,
  FenceSchema,
  IndexPathSchema,
  MAX_QUERY_LIMIT,
  OrderSchema,
  VersionSchema,
  WhereSchema,
} from '../schemas.ts';

const collection = { schema: CollectionNameSchema, description: 'The collection, like "orders". A put into a new collection creates it.' };
const doc = { schema: DocSchema, description: 'The document as stored: `{ id, data, version, createdAt, updatedAt }`.' };
const current = {
  schema: DocSchema.nullable(),
  description: 'When `ok` is false: the document as it is stored now (null if there is none), to retry from.',
};

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
    const found = await ctx.services.get('store').get(inputs.collection, inputs.id);
    return found ? { found: true, doc: found } : { found: false };
  },
});

export const storePut = defineOp({
  name: 'store.put',
  title: 'Put document',
  category: 'store',
  description:
    'Writes a document (insert or replace). With `version` it is a compare-and-swap: it writes only if the stored version is still `version` (0: only if absent); a lost race is `ok: false` with the `current` document, not an error.',
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
    const result = await ctx.services.get('store').put(inputs);
    return result.ok ? { ok: true, doc: result.doc } : { ok: false, current: result.current };
  },
});

export const storePatch = defineOp({
  name: 'store.patch',
  title: 'Patch document',
  category: 'store',
  description:
    "Merges `patch` into a document's data (top-level keys replace) if its version is still `version`. A lost race is `ok: false` with the `current` document (null when there is none), not an error.",
  inputs: {
    collection,
    id: { schema: DocIdSchema, description: 'The id of the document.' },
    patch: { schema: DocDataSchema, description: 'The keys to set.' },
    version: { schema: VersionSchema, description: 'The version the document must still have.' },
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
    const result = await ctx.services.get('store').patch(inputs);
    return result.ok ? { ok: true, doc: result.doc } : { ok: false, current: result.current };
  },
});

export const storeDelete = defineOp({
  name: 'store.delete',
  title: 'Delete document',
  category: 'store',
  description: 'Deletes a document. With `version`, only if it is still at that version.',
  inputs: {
    collection,
    id: { schema: DocIdSchema, description: 'The id of the document.' },
    version: { schema: VersionSchema.optional(), description: 'The version the document must still have.' },
  },
  outputs: { deleted: { schema: z.boolean(), description: 'Whether a document was deleted (false: none, or another version).' } },
  examples: [{ title: 'Delete a document that is not there', inputs: { collection: 'orders', id: 'missing' }, outputs: { deleted: false } }],
  run: async (inputs, ctx) => ({ deleted: (await ctx.services.get('store').delete(inputs)).deleted }),
});

export const storeQuery = defineOp({
  name: 'store.query',
  title: 'Query documents',
  category: 'store',
  description:
    'Lists documents matching `where` on indexed fields, in the order of `orderBy`, a page at a time. A field that is not indexed fails with `unindexed_field`.',
  inputs: {
    collection,
    where: {
      schema: WhereSchema.optional(),
      description: 'Conditions on indexed fields: `{ status: "open" }`, `{ total: { gte: 10, lt: 100 } }`, `{ status: { in: ["open", "held"] } }`.',
    },
    orderBy: { schema: IndexPathSchema.optional(), description: 'An indexed field to sort by; by id (creation order) when not given.' },
    order: { schema: OrderSchema.optional(), description: '`asc` (default) or `desc`.' },
    limit: { schema: z.number().int().min(1).optional(), description: `How many documents at most (default 50, capped at ${MAX_QUERY_LIMIT}).` },
    cursor: { schema: z.string().optional(), description: 'The `next` of the previous page.' },
  },
  outputs: {
    docs: { schema: z.array(DocSchema), description: 'The documents of this page.' },
    next: { schema: z.string().nullable(), description: 'The cursor of the next page; null on the last page.' },
  },
  examples: [{ title: 'Query an empty collection', inputs: { collection: 'orders' }, outputs: { docs: [], next: null } }],
  run: (inputs, ctx) => ctx.services.get('store').query(inputs),
});

export const storeCount = defineOp({
  name: 'store.count',
  title: 'Count documents',
  category: 'store',
  description: 'Counts the documents matching `where` (on indexed fields), or every document of the collection.',
  inputs: { collection, where: { schema: WhereSchema.optional(), description: 'Conditions on indexed fields, as in `store.query`.' } },
  outputs: { count: { schema: z.number().int(), description: 'How many documents match.' } },
  examples: [{ title: 'Count an empty collection', inputs: { collection: 'orders' }, outputs: { count: 0 } }],
  run: async (inputs, ctx) => ({ count: await ctx.services.get('store').count(inputs) }),
});
