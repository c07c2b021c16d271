import { defineOp } from '@pattern/core';
import { z } from 'zod';
import { DocSchema, IndexPathSchema, MAX_QUERY_LIMIT, OrderSchema, WhereSchema } from '../schemas.ts';
import { collection } from './ports.ts';

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
  run: (inputs, ctx) => ctx.services.get('store').documents.query(inputs),
});
