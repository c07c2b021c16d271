import { fileURLToPath } from 'node:url';
import { defineMod, type ModContext } from '@pattern/core';
import { openStore } from './open-store.ts';
import { storeOps } from './ops/index.ts';
import { storeRoutes } from './routes/index.ts';
import { StoreOptionsSchema } from './schemas.ts';
import type { StoreService } from './service.ts';
import { parseInput } from './validation.ts';

export type { StoreDriver } from './drivers/driver.ts';
export { createMemoryDriver } from './drivers/memory.ts';
export { createPostgresDriver } from './drivers/postgres.ts';
export { createSqliteDriver } from './drivers/sqlite.ts';
export * from './schemas.ts';
export { type QueryPage, StoreService, type StoreServiceOptions } from './service.ts';

const store = (ctx: ModContext) => ctx.services.get('store');

/**
 * Leases a run owns are released when it settles. At start-up, leases of runs that are no
 * longer running (their settle was lost in a crash) are released too; runs still recorded as
 * running are settled by the engine's recovery right after, which releases theirs.
 */
async function releaseOrphanLeases(ctx: ModContext): Promise<void> {
  const { leases, driver } = store(ctx);
  let released = 0;
  for (const runId of await leases.holdingRuns()) {
    const run = await ctx.engine.runs.get(runId);
    // On shared storage, a run missing from the history may have just started on another server
    // (histories are written in batches): only a run known to have ended is released here.
    const ended = run ? run.status !== 'running' : !driver.shared;
    if (ended) released += await leases.releaseRun(runId, true);
  }
  if (released > 0) ctx.log.warn(`released ${released} lease${released === 1 ? '' : 's'} held by runs that ended during an earlier stop`);
}

export const storeMod = defineMod({
  name: 'store',
  version: '0.1.0',
  description:
    'Documents with declared typed indexes, blobs, and leases with fencing tokens, released when the run that owns them settles; on SQLite, or on PostgreSQL shared by several servers.',
  ops: storeOps,
  services: {
    store: {
      setup: openStore,
      teardown: (service: StoreService) => service.close(),
    },
  },
  hooks: {
    onStart: releaseOrphanLeases,
    onRunSettle: async (run, ctx) => {
      // Only the leases the run owns: one under an owner of its own belongs to that owner, whichever runs took it.
      // A run settled by recovery may have taken its leases on another server that has since died.
      await store(ctx).leases.releaseRun(run.id, !ctx.engine.started || run.error?.code === 'interrupted');
    },
  },
  routes: (ctx) => storeRoutes(() => store(ctx), ctx.log),
  streamingUploads: ['/api/store/blobs'],
  guardedPaths: (ctx) => (parseInput(StoreOptionsSchema, ctx.options, 'options.store').blobRoute.public ? [] : ['/store/blobs/*']),
  docs: fileURLToPath(new URL('../docs', import.meta.url)),
});

export default storeMod;
