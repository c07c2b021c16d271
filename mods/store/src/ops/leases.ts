import { defineOp } from '@pattern/core';
import { z } from 'zod';
import { DEFAULT_TTL_MS, LeaseHolderSchema, LeaseKeySchema, LeaseOwnerSchema, LeaseSchema, TtlSchema } from '../schemas.ts';

const key = { schema: LeaseKeySchema, description: 'What the lease guards, like "invoice:42".' };
const owner = {
  schema: LeaseOwnerSchema.optional(),
  description: "Who holds it; the run's id when not given. A lease under an owner of your own is not released when the run ends.",
};
const ttlMs = { schema: TtlSchema.optional(), description: `How long the lease lasts unless renewed, in milliseconds (default ${DEFAULT_TTL_MS}).` };
const lease = { schema: LeaseSchema, description: 'The lease: `{ key, owner, token, expiresAt }`; `token` is its fencing token.' };

export const storeLeaseAcquire = defineOp({
  name: 'store.lease.acquire',
  title: 'Acquire lease',
  category: 'store',
  description:
    'Takes a lease on a key, or extends it when the same owner holds it already. A key held by someone else is `ok: false` with the `holder`, not an error. Without an `owner` the run owns the lease, and it is released when the run ends, however it ends; under an `owner` of your own (a worker, a job) it stays until that owner releases it or its TTL runs out, so it can span several runs.',
  inputs: { key, owner, ttlMs },
  outputs: {
    ok: { schema: z.boolean(), description: 'Whether the lease is now held by `owner`.' },
    lease: { ...lease, description: 'The lease, when `ok`.' },
    holder: { schema: LeaseHolderSchema, description: 'Who holds the key, when not `ok`: `{ owner, expiresAt }`.' },
  },
  examples: [
    {
      title: 'Take a free key',
      inputs: { key: 'invoice:42', owner: 'worker-1', ttlMs: 30000 },
      outputs: { ok: true, lease: { key: 'invoice:42', owner: 'worker-1', token: 1 } },
    },
  ],
  run: async (inputs, ctx) => {
    const result = await ctx.services
      .get('store')
      .leases.acquire(inputs.key, inputs.owner ?? ctx.runId, inputs.ttlMs ?? DEFAULT_TTL_MS, { runId: ctx.runId });
    return result.ok ? { ok: true, lease: result.lease } : { ok: false, holder: result.holder };
  },
});

export const storeLeaseRenew = defineOp({
  name: 'store.lease.renew',
  title: 'Renew lease',
  category: 'store',
  description: 'Extends a lease the owner still holds. `ok` is false when it expired or another owner took it.',
  inputs: { key, owner, ttlMs },
  outputs: {
    ok: { schema: z.boolean(), description: 'Whether the lease was extended.' },
    lease: { ...lease, description: 'The extended lease, when `ok`.' },
  },
  examples: [{ title: 'Renew a lease nobody holds', inputs: { key: 'invoice:42', owner: 'worker-1' }, outputs: { ok: false } }],
  run: async (inputs, ctx) => {
    const renewed = await ctx.services.get('store').leases.renew(inputs.key, inputs.owner ?? ctx.runId, inputs.ttlMs ?? DEFAULT_TTL_MS);
    return renewed ? { ok: true, lease: renewed } : { ok: false };
  },
});

export const storeLeaseRelease = defineOp({
  name: 'store.lease.release',
  title: 'Release lease',
  category: 'store',
  description: 'Gives a lease up before its TTL, so another owner can take the key at once.',
  inputs: { key, owner },
  outputs: { released: { schema: z.boolean(), description: 'Whether `owner` held the key and released it.' } },
  examples: [{ title: 'Release a lease nobody holds', inputs: { key: 'invoice:42', owner: 'worker-1' }, outputs: { released: false } }],
  run: async (inputs, ctx) => ({ released: await ctx.services.get('store').leases.release(inputs.key, inputs.owner ?? ctx.runId) }),
});
