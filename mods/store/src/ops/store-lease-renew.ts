import { defineOp } from '@pattern/core';
import { z } from 'zod';
import { DEFAULT_TTL_MS } from '../schemas.ts';
import { after, key, lease, owner, ttlMs } from './ports.ts';

export const storeLeaseRenew = defineOp({
  name: 'store.lease.renew',
  title: 'Renew lease',
  category: 'store',
  description: 'Extends a lease the owner still holds. `ok` is false when it expired or another owner took it.',
  inputs: { key, owner, ttlMs, after },
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
