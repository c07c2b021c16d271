import type { OpContext } from '@pattern/core';
import { z } from 'zod';
import { CollectionNameSchema, DEFAULT_TTL_MS, DocSchema, LeaseKeySchema, LeaseOwnerSchema, LeaseSchema, TtlSchema } from '../schemas.ts';

/** Ports several store ops share, described once so the catalog says the same of each. */

export const collection = { schema: CollectionNameSchema, description: 'The collection, like "orders". A put into a new collection creates it.' };

export const doc = { schema: DocSchema, description: 'The document as stored: `{ id, data, version, createdAt, updatedAt }`.' };

export const current = {
  schema: DocSchema.nullable(),
  description: 'When `ok` is false: the document as it is stored now (null if there is none), to retry from.',
};

export const blobId = { schema: z.string().min(1), description: 'The id of the blob.' };

export const key = { schema: LeaseKeySchema, description: 'What the lease guards, like "invoice:42".' };

export const owner = {
  schema: LeaseOwnerSchema.optional(),
  description: "Who holds it; the run's id when not given. A lease under an owner of your own is not released when the run ends.",
};

export const ttlMs = {
  schema: TtlSchema.optional(),
  description: `How long the lease lasts unless renewed, in milliseconds (default ${DEFAULT_TTL_MS}).`,
};

export const lease = { schema: LeaseSchema, description: 'The lease: `{ key, owner, token, expiresAt }`; `token` is its fencing token.' };

/** On every op that changes something: wired, the write waits for that node, and is skipped when it is skipped (put only once a lease is held). */
export const after = { kind: 'control' as const, description: 'Wire to write only after another node; skipped when that node is skipped.' };

/** The inputs as the service takes them: the pulse on `after` only ordered the node. */
export function withoutAfter<T extends { after?: unknown }>(inputs: T): Omit<T, 'after'> {
  const { after: _pulse, ...rest } = inputs;
  return rest;
}

/**
 * The key a write is made once under: a durable run's node that runs again after a crash answers
 * what its first execution wrote. Other runs write without one, and pay nothing for it.
 */
export function onceKey(ctx: Pick<OpContext, 'run' | 'idempotencyKey'>): string | undefined {
  return ctx.run.durable ? ctx.idempotencyKey : undefined;
}
