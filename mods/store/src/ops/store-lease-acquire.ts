import { defineOp } from '@pattern/core';
import { z } from 'zod';
import { DEFAULT_TTL_MS, LeaseHolderSchema } from '../schemas.ts';
import { after, key, lease, owner, ttlMs } from './ports.ts';

export const storeLeaseAcquire = defineOp({
  name: 'store.lease.acquire',
  title: 'Acquire lease',
  category: 'store',
  description:
    'Takes a lease on a key, or extends it when the same owner holds it already. A key held by someone else is `ok: false` with the `holder`, not an error. Without an `owner` the run owns the lease, and it is released when the run ends, however it ends; under an `owner` of your own (a worker, a job) it stays until that owner releases it or its TTL runs out, so it can span several runs.',
  inputs: { key, owner, ttlMs, after },
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
