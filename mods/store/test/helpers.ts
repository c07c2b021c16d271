import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Engine } from '@pattern/core';
import { createMemoryDriver } from '../src/drivers/memory.ts';
import { createSqliteDriver } from '../src/drivers/sqlite.ts';
import { StoreService } from '../src/service.ts';

/** A fresh folder per test, removed by the returned function. */
export function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'pattern-store-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

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

export type DriverKind = 'memory' | 'sqlite';

export const DRIVERS: DriverKind[] = ['memory', 'sqlite'];

export async function openService(kind: DriverKind, dir: string, options: { now?: () => number; maxBlobBytes?: number } = {}): Promise<StoreService> {
  const driver = kind === 'memory' ? createMemoryDriver() : createSqliteDriver(join(dir, 'store.db'));
  return new StoreService({ driver, blobDir: join(dir, 'blobs'), ...options }).open();
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
