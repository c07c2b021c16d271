import { PatternError } from '../errors.ts';
import type { Claim } from '../ops/define-op.ts';
import type { Plan } from './compile.ts';

/** What a workflow's nodes hold that no other saved workflow may (their ops' `claims`). */
export function claimsOf(plan: Plan | undefined): Claim[] {
  return (plan?.nodes ?? []).flatMap((node) => node.op.claims?.(node.settings) ?? []);
}

/**
 * Refuses, as a `conflict` like a route another workflow serves, a plan that holds what another
 * saved workflow holds, in its active version or its draft.
 */
export function checkClaims(
  id: string,
  plan: Plan,
  others: Iterable<{ id: string; plan: Plan | undefined; active?: { plan: Plan | undefined } | undefined }>,
): void {
  const mine = claimsOf(plan);
  if (mine.length === 0) return;
  for (const other of others) {
    if (other.id === id) continue;
    const theirs = [...claimsOf(other.active?.plan), ...claimsOf(other.plan)];
    const clash = mine.find((claim) => theirs.some((held) => held.key === claim.key));
    if (clash) {
      throw new PatternError('conflict', `${clash.label} is already served by workflow "${other.id}"`, { route: clash.label, workflowId: other.id });
    }
  }
}
