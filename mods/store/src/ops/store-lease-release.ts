import { defineOp } from '@pattern/core';
import { z } from 'zod';
import { after, key, owner } from './ports.ts';

export const storeLeaseRelease = defineOp({
  name: 'store.lease.release',
  title: 'Release lease',
  category: 'store',
  description: 'Gives a lease up before its TTL, so another owner can take the key at once.',
  inputs: { key, owner, after },
  outputs: { released: { schema: z.boolean(), description: 'Whether `owner` held the key and released it.' } },
  examples: [{ title: 'Release a lease nobody holds', inputs: { key: 'invoice:42', owner: 'worker-1' }, outputs: { released: false } }],
  run: async (inputs, ctx) => ({ released: await ctx.services.get('store').leases.release(inputs.key, inputs.owner ?? ctx.runId) }),
});
