import type { ModContext } from '@pattern/core';

/**
 * Leases a run owns are released when it settles. At start-up, leases of runs that are no
 * longer running (their settle was lost in a crash) are released too; runs still recorded as
 * running are settled by the engine's recovery right after, which releases theirs.
 */
export async function releaseOrphanLeases(ctx: ModContext): Promise<void> {
  const { leases, driver } = ctx.services.get('store');
  let released = 0;
  for (const runId of await leases.holdingRuns()) {
    const run = await ctx.host.getRun(runId);
    // On shared storage, a run missing from the history may have just started on another server
    // (histories are written in batches): only a run known to have ended is released here.
    const ended = run ? run.status !== 'running' : !driver.shared;
    if (ended) released += await leases.releaseRun(runId, true);
  }
  if (released > 0) ctx.log.warn(`released ${released} lease${released === 1 ? '' : 's'} held by runs that ended during an earlier stop`);
}
