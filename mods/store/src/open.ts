import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type ModContext, type ModHost, missingDatabase, parseInput } from '@pattern/core';
import type { z } from 'zod';
import type { StoreDriver } from './drivers/driver.ts';
import { createMemoryDriver } from './drivers/memory.ts';
import { createPostgresDriver } from './drivers/postgres.ts';
import { createSqliteDriver } from './drivers/sqlite.ts';
import { type CollectionDeclarationSchema, StoreContributionSchema, StoreOptionsSchema } from './schemas.ts';
import { StoreService } from './service.ts';

/**
 * Builds the store from the mod's options: the driver (SQLite in `<dataDir>/store.db` unless told
 * otherwise), the blob folder, and every collection declared in the options or by a loaded mod.
 * Blob files a crash left without a row are removed before anything else happens.
 */
export async function openStore(ctx: ModContext): Promise<StoreService> {
  const options = parseInput(StoreOptionsSchema, ctx.options, 'options.store', { whole: true });
  const dataDir = resolve(ctx.dataDir ?? '.pattern-data');
  const kind = options.driver ?? (ctx.databaseUrl !== undefined ? 'postgres' : ctx.dataDir === undefined ? 'memory' : 'sqlite');
  const driver = await openDriver(kind, ctx.databaseUrl, options.file ?? join(dataDir, 'store.db'));
  // Without a data folder nothing may outlive the process: blob files go to a temporary folder the store removes when it closes.
  const temporary = options.blobDir === undefined && ctx.dataDir === undefined;
  const blobDir = options.blobDir ?? (temporary ? mkdtempSync(join(tmpdir(), 'pattern-blobs-')) : join(dataDir, 'blobs'));
  const store = await new StoreService({
    driver,
    blobDir,
    removeBlobDirOnClose: temporary,
    maxBlobBytes: options.maxBlobBytes,
    maxStoredDepth: ctx.limits.maxStoredDepth,
    now: options.now,
  }).open();
  try {
    const declared = [...(options.collections ?? []), ...contributedCollections(ctx.host)];
    for (const declaration of declared) await store.ensureCollection(declaration);
    const swept = await store.blobs.sweep();
    if (swept > 0) ctx.log.warn(`removed ${swept} blob file${swept === 1 ? '' : 's'} an earlier crash left without metadata`);
    return store;
  } catch (error) {
    // A start that fails leaves nothing open behind it.
    await store.close();
    throw error;
  }
}

function openDriver(kind: 'memory' | 'sqlite' | 'postgres', databaseUrl: string | undefined, file: string): Promise<StoreDriver> {
  if (kind === 'memory') return Promise.resolve(createMemoryDriver());
  if (kind === 'sqlite') return Promise.resolve(createSqliteDriver(file));
  if (databaseUrl === undefined) throw missingDatabase('options.store.driver', kind, 'databaseUrl');
  return createPostgresDriver(databaseUrl);
}

/** The collections every loaded mod contributes, checked here since a mod written in JavaScript may hand anything; a bad one names its mod. */
function contributedCollections(host: ModHost): Array<z.output<typeof CollectionDeclarationSchema>> {
  return host
    .contributions('store')
    .flatMap(({ mod, value }) => parseInput(StoreContributionSchema, value, `mod ${mod}: contributes.store`, { whole: true }).collections);
}
