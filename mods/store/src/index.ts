import { fileURLToPath } from 'node:url';
import { defineMod, parseInput } from '@pattern/core';
import { releaseOrphanLeases } from './leases/orphan-leases.ts';
import { openStore } from './open.ts';
import { storeOps } from './ops/index.ts';
import { storeRoutes } from './routes/index.ts';
import { StoreOptionsSchema } from './schemas.ts';
import type { StoreService } from './service.ts';

export type { DocumentStore, ParsedDelete, ParsedPatch, ParsedPut, ParsedQuery } from './documents/document-store.ts';
export type { StoreDriver } from './drivers/driver.ts';
export { createMemoryDriver } from './drivers/memory.ts';
export { createPostgresDriver } from './drivers/postgres.ts';
export { createSqliteDriver } from './drivers/sqlite.ts';
export * from './schemas.ts';
export { type QueryPage, StoreService, type StoreServiceOptions, type WriteOptions } from './service.ts';

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
    onRunSettle: (run, ctx) => {
      // Only the leases the run owns: one under an owner of its own belongs to that owner, whichever runs took it.
      // A run settled by recovery, or a durable run resumed after a crash, may have taken its leases on another server that has since died.
      const always = !ctx.host.started || run.error?.code === 'interrupted' || run.recoveries !== undefined;
      const leases = ctx.services.get('store').leases;
      // Most runs take no lease: they settle without waiting on the store.
      if (always || leases.tookLease(run.id)) return leases.releaseRun(run.id, always).then(() => undefined);
    },
  },
  http: {
    routes: (ctx) => storeRoutes(() => ctx.services.get('store')),
    streamingUploads: ['/api/store/blobs'],
    guardedPaths: (ctx) => (parseInput(StoreOptionsSchema, ctx.options, 'options.store', { whole: true }).blobRoute.public ? [] : ['/store/blobs/*']),
  },
  docs: fileURLToPath(new URL('../docs', import.meta.url)),
});

export default storeMod;
