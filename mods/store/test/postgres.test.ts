import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { freshSchema } from '@pattern/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPostgresDriver } from '../src/drivers/postgres.ts';
import { CHUNK_BYTES } from '../src/drivers/postgres-blobs.ts';
import { StoreService } from '../src/service.ts';
import { readAll } from './helpers.ts';

/** Two store services on one schema behave as two servers on one database do. */
let schema: Awaited<ReturnType<typeof freshSchema>>;
const opened: StoreService[] = [];

async function server(options: { maxBlobBytes?: number } = {}): Promise<StoreService> {
  const store = await new StoreService({
    driver: await createPostgresDriver(schema.url, { poolSize: 4 }),
    blobDir: '/nonexistent',
    ...options,
  }).open();
  opened.push(store);
  return store;
}

beforeEach(async () => {
  schema = await freshSchema('store_pg');
});
afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
  await schema.drop();
});

describe('the PostgreSQL driver shared by several servers', () => {
  it('creates its schema once when several servers start at once', async () => {
    const [a, b, c] = await Promise.all([server(), server(), server()]);
    await a?.put({ collection: 'x', id: '1', data: {} });
    expect(await c?.get('x', '1')).toMatchObject({ version: 1 });
    expect((await b?.listCollections())?.map((col) => col.name)).toEqual(['x']);
  });

  it('merges index declarations from two servers and never drops one on a first put', async () => {
    const [a, b, c] = await Promise.all([server(), server(), server()]);
    await Promise.all([a.ensureCollection({ name: 'orders', indexes: ['status'] }), b.ensureCollection({ name: 'orders', indexes: ['total'] })]);
    // c started before "orders" existed: its first put declares the collection again, and must keep both indexes.
    await c.put({ collection: 'orders', id: 'o1', data: { status: 'open', total: 5 } });
    expect((await a.listCollections()).find((col) => col.name === 'orders')?.indexes.sort()).toEqual(['status', 'total']);
    expect((await c.query({ collection: 'orders', where: { total: { gte: 1 } } })).docs.map((d) => d.id)).toEqual(['o1']);
  });

  it('indexes a write made through one server with an index another server added after it cached the collection', async () => {
    const a = await server();
    const b = await server();
    await a.ensureCollection({ name: 'orders', indexes: ['status'] });
    await b.put({ collection: 'orders', id: 'o1', data: { status: 'open', total: 1 } });
    await a.ensureCollection({ name: 'orders', indexes: ['status', 'total'] });
    await b.put({ collection: 'orders', id: 'o2', data: { status: 'open', total: 2 } });
    // b's cache still lacks "total": the query reloads it, and both documents are in the index.
    expect((await b.query({ collection: 'orders', where: { total: { gte: 1 } }, orderBy: 'total' })).docs.map((d) => d.id)).toEqual(['o1', 'o2']);
    expect(await b.count({ collection: 'orders', where: { total: 2 } })).toBe(1);
  });

  it('keeps fencing tokens increasing across servers and restarts', async () => {
    const a = await server();
    const first = await a.leases.acquire('job', 'a', 60_000);
    await a.leases.release('job', 'a');
    await a.close();
    opened.splice(opened.indexOf(a), 1);
    const b = await server();
    const second = await b.leases.acquire('job', 'b', 60_000);
    expect(first.ok && second.ok && second.lease.token > first.lease.token).toBe(true);
    const c = await server();
    expect(await c.leases.acquire('job', 'c', 60_000)).toMatchObject({ ok: false, holder: { owner: 'b' } });
  });

  it('streams a blob of several chunks in and out, and serves ranges across chunk boundaries from any server', async () => {
    const a = await server();
    const b = await server();
    const bytes = Buffer.alloc(CHUNK_BYTES * 2 + 1234);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 131) % 256;
    // Odd-sized pieces, so chunk boundaries never line up with what arrives.
    const pieces = Array.from({ length: Math.ceil(bytes.length / 10_007) }, (_, i) => bytes.subarray(i * 10_007, (i + 1) * 10_007));
    const meta = await a.blobs.put(Readable.from(pieces));
    expect(meta).toMatchObject({ size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
    expect((await readAll((await b.blobs.get(meta.id))!.stream)).equals(bytes)).toBe(true);
    for (const [start, end] of [
      [0, 0],
      [CHUNK_BYTES - 10, CHUNK_BYTES + 10],
      [CHUNK_BYTES * 2, bytes.length - 1],
      [5, CHUNK_BYTES * 2 + 5],
    ] as const) {
      expect((await readAll((await b.blobs.get(meta.id, { start, end }))!.stream)).equals(bytes.subarray(start, end + 1))).toBe(true);
    }
    expect(await b.blobs.delete(meta.id)).toBe(true);
    expect(await a.blobs.storage.storedIds()).toEqual([]);
  });

  it('removes the chunks of a streamed blob that goes over the cap', async () => {
    const a = await server({ maxBlobBytes: CHUNK_BYTES + 10 });
    const pieces = Array.from({ length: 8 }, () => Buffer.alloc(CHUNK_BYTES / 4, 7));
    await expect(a.blobs.put(Readable.from(pieces))).rejects.toMatchObject({ code: 'too_large' });
    expect(await a.blobs.storage.storedIds()).toEqual([]);
    expect((await a.blobs.list()).blobs).toEqual([]);
  });
});
