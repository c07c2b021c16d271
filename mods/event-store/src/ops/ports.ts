import type { OpContext } from '@pattern/core';

/** Ports several event-store ops share, described once so the catalog says the same of each. */

/** On every op that changes something: wired, the write waits for that node, and is skipped when it is skipped (append only once a lease is held). */
export const after = { kind: 'control' as const, description: 'Wire to write only after another node; skipped when that node is skipped.' };

/**
 * The key an op's write is made once under: a durable run's node that runs again after a crash
 * answers what its first execution appended. Other runs append without one, and pay nothing for it.
 */
export function onceKey(ctx: Pick<OpContext, 'run' | 'idempotencyKey'>): string | undefined {
  return ctx.run.durable ? ctx.idempotencyKey : undefined;
}
