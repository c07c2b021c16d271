import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from '@pattern/core';
import { freshSchema } from '@pattern/testing';
import pg from 'pg';
import { createMemoryDriver } from '../src/drivers/memory.ts';
import { createPostgresDriver } from '../src/drivers/postgres.ts';
import { createSqliteDriver } from '../src/drivers/sqlite.ts';
import { StoreService } from '../src/service.ts';

/** A clock tests move by hand. */
export function manualClock(start = Date.parse('2030-01-01T00:00:00Z')) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

export type DriverKind = 'memory' | 'sqlite' | 'postgres';

export const DRIVERS: DriverKind[] = ['memory', 'sqlite', 'postgres'];

/** The database URL (with its own schema) of each store opened on PostgreSQL here. */
const databaseUrls = new WeakMap<StoreService, string>();

/** A store on a fresh driver; on PostgreSQL in a fresh schema, dropped when the store closes. */
export async function openService(kind: DriverKind, dir: string, options: { now?: () => number; maxBlobBytes?: number } = {}): Promise<StoreService> {
  if (kind !== 'postgres') {
    const driver = kind === 'memory' ? createMemoryDriver() : createSqliteDriver(join(dir, 'store.db'));
    return new StoreService({ driver, blobDir: join(dir, 'blobs'), ...options }).open();
  }
  const schema = await freshSchema('store_test');
  const driver = await createPostgresDriver(schema.url, { poolSize: 4 });
  const close = driver.close;
  const store = await new StoreService({
    driver: {
      ...driver,
      close: async () => {
        await close();
        await schema.drop();
      },
    },
    blobDir: join(dir, 'blobs'),
    ...options,
  }).open();
  databaseUrls.set(store, schema.url);
  return store;
}

/**
 * Leaves blob bytes without a metadata row, as a crash would: two the sweep must remove and, on
 * PostgreSQL, one of an upload still under way on another server, which it must keep. Returns the
 * ids the sweep must keep.
 */
export async function plantOrphanBlobs(store: StoreService, dir: string): Promise<string[]> {
  const url = databaseUrls.get(store);
  if (url === undefined) {
    writeFileSync(join(dir, 'blobs', '01ORPHAN00000000000000000'), 'left by a crash');
    writeFileSync(join(dir, 'blobs', '.incoming-01HALF'), 'half');
    return [];
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO store_blob_chunks (blob_id, seq, bytes, written_at) VALUES
       ('01ORPHAN00000000000000000', 0, 'left by a crash', now() - interval '2 days'),
       ('01ORPHAN00000000000000000', 1, 'more', now() - interval '2 days'),
       ('01HALF', 0, 'half', now() - interval '3 days'),
       ('01UPLOADING', 0, 'still arriving', now())`,
    );
  } finally {
    await client.end();
  }
  return ['01UPLOADING'];
}

export async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** The store service of an engine, typed (the engine's container is untyped; `Services` carries the map). */
export function storeOf(engine: Engine): StoreService {
  return engine.services.get('store');
}
