import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { PatternError } from '@pattern/core';
import { tempDir } from '@pattern/testing';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { QueryInput, Where } from '../src/schemas.ts';
import type { StoreService } from '../src/service.ts';
import { type DriverKind, manualClock, openService, plantOrphanBlobs, readAll } from './helpers.ts';

async function failure(promise: Promise<unknown>): Promise<PatternError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PatternError) return error;
    throw error;
  }
  throw new Error('expected a PatternError');
}

/** The one contract every driver meets, run against each through the store service. */
export function driverContract(kind: DriverKind): void {
  let dir: string;
  let store: StoreService;
  let clock: ReturnType<typeof manualClock>;

  beforeEach(async () => {
    dir = tempDir();
    clock = manualClock();
    store = await openService(kind, dir, { now: clock.now, maxBlobBytes: 1024 });
  });
  afterEach(async () => {
    await store.close();
  });

  describe('documents', () => {
    it('puts without an id under a new ULID, then gets it back', async () => {
      const put = await store.put({ collection: 'notes', data: { text: 'hi' } });
      expect(put.ok).toBe(true);
      if (!put.ok) return;
      expect(put.doc.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
      expect(put.doc).toMatchObject({ data: { text: 'hi' }, version: 1, createdAt: '2030-01-01T00:00:00.000Z' });
      expect(await store.get('notes', put.doc.id)).toEqual(put.doc);
      expect(await store.get('notes', 'nope')).toBeUndefined();
    });

    it('upserts: a second put replaces the data, bumps the version and keeps createdAt', async () => {
      await store.put({ collection: 'notes', id: 'a', data: { n: 1, old: true } });
      clock.advance(1000);
      const second = await store.put({ collection: 'notes', id: 'a', data: { n: 2 } });
      expect(second).toMatchObject({
        ok: true,
        doc: { id: 'a', data: { n: 2 }, version: 2, createdAt: '2030-01-01T00:00:00.000Z', updatedAt: '2030-01-01T00:00:01.000Z' },
      });
    });

    it('compare-and-swap: writes only at the expected version and otherwise returns the current document', async () => {
      expect((await store.put({ collection: 'c', id: 'x', data: { n: 1 }, version: 0 })).ok).toBe(true);
      const lost = await store.put({ collection: 'c', id: 'x', data: { n: 5 }, version: 0 });
      expect(lost).toMatchObject({ ok: false, current: { id: 'x', version: 1, data: { n: 1 } } });
      expect(await store.put({ collection: 'c', id: 'x', data: { n: 2 }, version: 1 })).toMatchObject({ ok: true, doc: { version: 2 } });
      expect(await store.put({ collection: 'c', id: 'x', data: { n: 3 }, version: 1 })).toMatchObject({ ok: false, current: { version: 2 } });
      expect(await store.put({ collection: 'c', id: 'y', data: {}, version: 4 })).toEqual({ ok: false, current: null });
      expect(await store.get('c', 'y')).toBeUndefined();
    });

    it('patches shallowly at a version; a missing document is a lost race with no current document', async () => {
      await store.put({ collection: 'c', id: 'p', data: { a: 1, nested: { x: 1 } } });
      expect(await store.patch({ collection: 'c', id: 'p', patch: { b: 2, nested: { y: 2 } }, version: 1 })).toMatchObject({
        ok: true,
        doc: { data: { a: 1, b: 2, nested: { y: 2 } }, version: 2 },
      });
      expect(await store.patch({ collection: 'c', id: 'p', patch: { a: 9 }, version: 1 })).toMatchObject({ ok: false, current: { version: 2 } });
      expect(await store.patch({ collection: 'c', id: 'none', patch: {}, version: 1 })).toEqual({ ok: false, current: null });
      expect(await store.get('c', 'none')).toBeUndefined();
    });

    it('deletes, honouring a version', async () => {
      await store.put({ collection: 'c', id: 'd', data: { a: 1 } });
      expect(await store.delete({ collection: 'c', id: 'd', version: 7 })).toMatchObject({ deleted: false, current: { version: 1 } });
      expect(await store.delete({ collection: 'c', id: 'd', version: 1 })).toEqual({ deleted: true, current: null });
      expect(await store.delete({ collection: 'c', id: 'd' })).toEqual({ deleted: false, current: null });
      expect(await store.get('c', 'd')).toBeUndefined();
    });

    it('stores data as JSON, whatever the caller handed in', async () => {
      const put = await store.put({ collection: 'json', id: 'j', data: { at: new Date(0), gone: undefined, list: [1, 'two'] } });
      const expected = { at: '1970-01-01T00:00:00.000Z', list: [1, 'two'] };
      expect(put).toMatchObject({ ok: true, doc: { data: expected } });
      expect((await store.get('json', 'j'))?.data).toEqual(expected);
    });

    it('creates an undeclared collection on first put and counts documents per collection', async () => {
      await store.put({ collection: 'fresh', data: {} });
      await store.put({ collection: 'fresh', data: {} });
      expect(await store.listCollections()).toEqual([{ name: 'fresh', indexes: [], count: 2 }]);
    });

    it('keeps the type of indexed values: numbers as numbers, strings as strings, booleans apart', async () => {
      await store.ensureCollection({ name: 'v', indexes: ['n', 'flag'] });
      const values = [9, 10, 100, '10', '9', true, false, 1, 0];
      for (const [i, n] of values.entries()) await store.put({ collection: 'v', id: `d${i}`, data: { n, flag: i % 2 === 0 } });
      const ordered = await store.query({ collection: 'v', orderBy: 'n' });
      expect(ordered.docs.map((d) => d.data.n)).toEqual([false, true, 0, 1, 9, 10, 100, '10', '9']);
      const numbers = await store.query({ collection: 'v', where: { n: { gte: 9, lt: 100 } } });
      expect(numbers.docs.map((d) => d.data.n)).toEqual([9, 10]);
      const strings = await store.query({ collection: 'v', where: { n: { gt: '1' } }, orderBy: 'n' });
      expect(strings.docs.map((d) => d.data.n)).toEqual(['10', '9']);
      expect((await store.query({ collection: 'v', where: { n: 1 } })).docs.map((d) => d.id)).toEqual(['d7']);
      expect((await store.query({ collection: 'v', where: { n: true } })).docs.map((d) => d.id)).toEqual(['d5']);
      expect(await store.count({ collection: 'v', where: { flag: true } })).toBe(5);
    });

    it('indexes each element of an array and dotted paths', async () => {
      await store.ensureCollection({ name: 'a', indexes: ['tags', 'customer.city'] });
      await store.put({ collection: 'a', id: '1', data: { tags: ['red', 'blue'], customer: { city: 'Oslo' } } });
      await store.put({ collection: 'a', id: '2', data: { tags: ['blue', 'blue'], customer: { city: 'Rome' } } });
      await store.put({ collection: 'a', id: '3', data: { tags: [], customer: {} } });
      expect((await store.query({ collection: 'a', where: { tags: 'blue' } })).docs.map((d) => d.id)).toEqual(['1', '2']);
      expect((await store.query({ collection: 'a', where: { tags: { in: ['red', 'green'] } } })).docs.map((d) => d.id)).toEqual(['1']);
      expect((await store.query({ collection: 'a', where: { 'customer.city': 'Rome' } })).docs.map((d) => d.id)).toEqual(['2']);
      expect(await store.count({ collection: 'a', where: { tags: { in: ['red', 'blue'] } } })).toBe(2);
      expect((await store.query({ collection: 'a', orderBy: 'customer.city' })).docs.map((d) => d.id)).toEqual(['3', '1', '2']);
    });

    it('combines equality, ranges and in, in either order', async () => {
      await store.ensureCollection({ name: 'orders', indexes: ['status', 'total'] });
      const statuses = ['open', 'held', 'paid'];
      for (let i = 0; i < 30; i++)
        await store.put({ collection: 'orders', id: `o${String(i).padStart(2, '0')}`, data: { status: statuses[i % 3], total: i } });
      const page = await store.query({
        collection: 'orders',
        where: { status: { in: ['open', 'held'] }, total: { gte: 10, lt: 20 } },
        orderBy: 'total',
        order: 'desc',
      });
      expect(page.docs.map((d) => d.data.total)).toEqual([19, 18, 16, 15, 13, 12, 10]);
      const open = await store.query({ collection: 'orders', where: { status: 'open', total: { lte: 9 } } });
      expect(open.docs.map((d) => d.id)).toEqual(['o00', 'o03', 'o06', 'o09']);
      expect(await store.count({ collection: 'orders', where: { status: 'paid' } })).toBe(10);
      expect(await store.count({ collection: 'orders' })).toBe(30);
    });

    it('refuses a field that is not indexed with unindexed_field, naming it and the declared ones', async () => {
      await store.ensureCollection({ name: 'orders', indexes: ['status'] });
      const error = await failure(store.query({ collection: 'orders', where: { total: 5 } }));
      expect(error.code).toBe('unindexed_field');
      expect(error.details).toMatchObject({ field: 'total', indexed: ['status'] });
      expect(error.message).toContain('total');
      expect((await failure(store.query({ collection: 'orders', orderBy: 'total' }))).code).toBe('unindexed_field');
      expect((await failure(store.count({ collection: 'orders', where: { nope: 1 } }))).code).toBe('unindexed_field');
    });

    it('rejects bad input with validation_failed naming the field', async () => {
      const error = await failure(store.put({ collection: 'bad name!', data: {} }));
      expect(error.code).toBe('validation_failed');
      expect(error.details).toMatchObject({ field: 'collection' });
      expect((await failure(store.put({ collection: 'ok', data: [] as never }))).details).toMatchObject({ field: 'data' });
      await store.ensureCollection({ name: 'r', indexes: ['n'] });
      expect((await failure(store.query({ collection: 'r', where: { n: { gte: 1, lt: 'z' } } }))).code).toBe('validation_failed');
      expect((await failure(store.query({ collection: 'r', cursor: 'garbage' }))).code).toBe('bad_request');
    });

    it('defaults the limit to 50 and caps it at 1000', async () => {
      for (let i = 0; i < 1005; i += 201) {
        await Promise.all(
          Array.from({ length: Math.min(201, 1005 - i) }, (_, j) =>
            store.put({ collection: 'many', id: `m${String(i + j).padStart(4, '0')}`, data: {} }),
          ),
        );
      }
      expect((await store.query({ collection: 'many' })).docs).toHaveLength(50);
      const capped = await store.query({ collection: 'many', limit: 5000 });
      expect(capped.docs).toHaveLength(1000);
      expect(capped.next).not.toBeNull();
    });

    it('pages with a cursor that is stable when documents share a sort value', async () => {
      await store.ensureCollection({ name: 'ties', indexes: ['rank', 'group'] });
      for (let i = 0; i < 60; i++)
        await store.put({ collection: 'ties', id: `t${String(i).padStart(2, '0')}`, data: { rank: i % 4, group: i % 2 === 0 ? 'even' : 'odd' } });
      for (const order of ['asc', 'desc'] as const) {
        const queries: Array<Omit<QueryInput, 'collection'>> = [
          { orderBy: 'rank' },
          { where: { group: 'even' } },
          {},
          { where: { rank: { gte: 1 } }, orderBy: 'rank' },
        ];
        for (const query of queries) {
          const all = await store.query({ collection: 'ties', ...query, order, limit: 1000 });
          const seen: string[] = [];
          let cursor: string | undefined;
          do {
            const page = await store.query({ collection: 'ties', ...query, order, limit: 7, cursor });
            seen.push(...page.docs.map((d) => d.id));
            cursor = page.next ?? undefined;
          } while (cursor);
          expect(seen).toEqual(all.docs.map((d) => d.id));
          expect(new Set(seen).size).toBe(seen.length);
        }
      }
    });

    it('backfills an index added later, and ensureCollection is idempotent', async () => {
      await store.put({ collection: 'late', id: 'a', data: { size: 3 } });
      await store.put({ collection: 'late', id: 'b', data: { size: 1 } });
      const first = await store.ensureCollection({ name: 'late', indexes: ['size'] });
      const again = await store.ensureCollection({ name: 'late', indexes: ['size'] });
      expect(first).toEqual({ name: 'late', indexes: ['size'], count: 2 });
      expect(again).toEqual(first);
      expect((await store.query({ collection: 'late', orderBy: 'size' })).docs.map((d) => d.id)).toEqual(['b', 'a']);
    });

    it('answers queries like a plain filter and sort would (random documents and conditions)', async () => {
      await store.ensureCollection({ name: 'prop', indexes: ['k', 's'] });
      const value = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constantFrom('a', 'b', 'c'), fc.boolean(), fc.constant(null));
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.record({ k: value, s: fc.integer({ min: 0, max: 3 }) }), { maxLength: 25 }),
          fc.integer({ min: -5, max: 5 }),
          fc.integer({ min: 0, max: 3 }),
          async (docs, low, s) => {
            for (const doc of (await store.query({ collection: 'prop', limit: 1000 })).docs) await store.delete({ collection: 'prop', id: doc.id });
            for (const [i, data] of docs.entries()) await store.put({ collection: 'prop', id: `p${String(i).padStart(3, '0')}`, data });
            const got = await store.query({ collection: 'prop', where: { k: { gte: low }, s }, orderBy: 'k', limit: 1000 });
            const expected = docs
              .map((data, i) => ({ id: `p${String(i).padStart(3, '0')}`, data }))
              .filter((d) => typeof d.data.k === 'number' && d.data.k >= low && d.data.s === s)
              .sort((a, b) => (a.data.k as number) - (b.data.k as number) || (a.id < b.id ? -1 : 1));
            expect(got.docs.map((d) => d.id)).toEqual(expected.map((d) => d.id));
          },
        ),
        { numRuns: 40 },
      );
    });
  });

  describe('queries against a plain model', () => {
    type Data = { k: number | string | boolean | null; s: number };
    type Case = { where: Where; orderBy?: string; order: 'asc' | 'desc'; keep: (d: Data) => boolean; by: 'k' | 's' | 'id' };
    const kinds = (v: unknown) => (v === null ? 0 : typeof v === 'boolean' ? 1 : typeof v === 'number' ? 2 : 3);
    const compare = (a: unknown, b: unknown) => kinds(a) - kinds(b) || (a === b ? 0 : (a as number) < (b as number) ? -1 : 1);

    it('pages through every shape of query in the order the model gives', async () => {
      await store.ensureCollection({ name: 'model', indexes: ['k', 's'] });
      const value = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom('a', 'b'), fc.boolean(), fc.constant(null));
      const cases = (x: number, y: number, order: 'asc' | 'desc'): Case[] => [
        { where: { s: x }, order, keep: (d) => d.s === x, by: 'id' },
        { where: { k: { in: [x, 'a', true] } }, orderBy: 'k', order, keep: (d) => [x, 'a', true].includes(d.k as never), by: 'k' },
        { where: { s: { gte: Math.min(x, y), lte: Math.max(x, y) } }, order, keep: (d) => d.s >= Math.min(x, y) && d.s <= Math.max(x, y), by: 's' },
        { where: { k: x, s: { lt: y } }, order, keep: (d) => d.k === x && d.s < y, by: 'id' },
        { where: { s: { gt: x } }, orderBy: 'k', order, keep: (d) => d.s > x, by: 'k' },
      ];
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.record({ k: value, s: fc.integer({ min: 0, max: 3 }) }), { maxLength: 20 }),
          fc.integer({ min: 0, max: 3 }),
          fc.integer({ min: 0, max: 3 }),
          fc.constantFrom('asc' as const, 'desc' as const),
          fc.integer({ min: 1, max: 4 }),
          async (docs, x, y, order, limit) => {
            for (const doc of (await store.query({ collection: 'model', limit: 1000 })).docs) await store.delete({ collection: 'model', id: doc.id });
            const rows = docs.map((data, i) => ({ id: `m${String(i).padStart(3, '0')}`, data: data as Data }));
            for (const row of rows) await store.put({ collection: 'model', id: row.id, data: row.data });
            for (const c of cases(x, y, order)) {
              const sign = order === 'asc' ? 1 : -1;
              const expected = rows
                .filter((row) => c.keep(row.data))
                .sort((a, b) => sign * ((c.by === 'id' ? 0 : compare(a.data[c.by], b.data[c.by])) || (a.id < b.id ? -1 : 1)))
                .map((row) => row.id);
              const seen: string[] = [];
              let cursor: string | undefined;
              do {
                const page = await store.query({ collection: 'model', where: c.where, orderBy: c.orderBy, order, limit, cursor });
                seen.push(...page.docs.map((d) => d.id));
                cursor = page.next ?? undefined;
              } while (cursor);
              expect(seen, JSON.stringify(c.where)).toEqual(expected);
              expect(await store.count({ collection: 'model', where: c.where })).toBe(expected.length);
            }
          },
        ),
        { numRuns: 30 },
      );
    });
  });

  describe('blobs', () => {
    const sha = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

    it('stores text, data URLs, bytes and streams with their size and sha256', async () => {
      const text = await store.blobs.put('hello');
      expect(text).toMatchObject({ mime: 'text/plain;charset=utf-8', size: 5, sha256: sha('hello'), ownerId: null });
      const dataUrl = await store.blobs.put(`data:image/png;base64,${Buffer.from([1, 2, 3]).toString('base64')}`, { ownerId: 'u1' });
      expect(dataUrl).toMatchObject({ mime: 'image/png', size: 3, ownerId: 'u1' });
      const bytes = await store.blobs.put(new Uint8Array([9, 8, 7, 6]), { mime: 'application/x-test' });
      expect(bytes.mime).toBe('application/x-test');
      const stream = await store.blobs.put(Readable.from([Buffer.from('ab'), Buffer.from('cd')]));
      expect(stream).toMatchObject({ size: 4, sha256: sha('abcd'), mime: 'application/octet-stream' });
      const read = await store.blobs.get(stream.id);
      expect((await readAll(read!.stream)).toString()).toBe('abcd');
      expect(await store.blobs.getMeta(dataUrl.id)).toEqual(dataUrl);
      expect((await store.blobs.list()).blobs.map((b) => b.id)).toEqual([stream.id, bytes.id, dataUrl.id, text.id]);
      const firstPage = await store.blobs.list({ limit: 3 });
      expect((await store.blobs.list({ cursor: firstPage.next! })).blobs.map((b) => b.id)).toEqual([text.id]);
    });

    it('refuses a blob over the cap with too_large, leaving no file and no row', async () => {
      const big = Buffer.alloc(1025, 1);
      expect((await failure(store.blobs.put(big))).code).toBe('too_large');
      const streamed = Readable.from(
        (function* () {
          for (let i = 0; i < 10; i++) yield Buffer.alloc(200, i);
        })(),
      );
      expect((await failure(store.blobs.put(streamed))).code).toBe('too_large');
      expect(await store.blobs.storage.storedIds()).toEqual([]);
      expect((await store.blobs.list()).blobs).toEqual([]);
      expect((await store.blobs.put(Buffer.alloc(1024))).size).toBe(1024);
    });

    it('deletes the row and the file', async () => {
      const blob = await store.blobs.put('bye');
      expect(await store.blobs.storage.storedIds()).toEqual([blob.id]);
      expect(await store.blobs.delete(blob.id)).toBe(true);
      expect(await store.blobs.delete(blob.id)).toBe(false);
      expect(await store.blobs.get(blob.id)).toBeUndefined();
      expect(await store.blobs.storage.storedIds()).toEqual([]);
    });

    it('sweeps files that have no row, and only those', async () => {
      const kept = await store.blobs.put('keep');
      const stillArriving = await plantOrphanBlobs(store, dir);
      expect(await store.blobs.sweep()).toBe(2);
      expect(await store.blobs.storage.storedIds()).toEqual([kept.id, ...stillArriving].sort());
      expect((await readAll((await store.blobs.get(kept.id))!.stream)).toString()).toBe('keep');
    });
  });

  describe('leases', () => {
    it('grants a free key, refuses another owner with the holder, and is re-entrant for the same owner', async () => {
      const first = await store.leases.acquire('job', 'a', 1000);
      expect(first).toEqual({ ok: true, lease: { key: 'job', owner: 'a', token: 1, expiresAt: '2030-01-01T00:00:01.000Z' } });
      expect(await store.leases.acquire('job', 'b', 1000)).toEqual({ ok: false, holder: { owner: 'a', expiresAt: '2030-01-01T00:00:01.000Z' } });
      clock.advance(500);
      expect(await store.leases.acquire('job', 'a', 1000)).toEqual({
        ok: true,
        lease: { key: 'job', owner: 'a', token: 1, expiresAt: '2030-01-01T00:00:01.500Z' },
      });
    });

    it('lets another owner take an expired lease, with a greater token', async () => {
      await store.leases.acquire('job', 'a', 1000);
      clock.advance(999);
      expect((await store.leases.acquire('job', 'b', 1000)).ok).toBe(false);
      clock.advance(1);
      expect(await store.leases.get('job')).toBeUndefined();
      expect(await store.leases.acquire('job', 'b', 1000)).toMatchObject({ ok: true, lease: { owner: 'b', token: 2 } });
      expect(await store.leases.renew('job', 'a', 1000)).toBeUndefined();
      expect(await store.leases.release('job', 'a')).toBe(false);
    });

    it('renews only what the owner still holds', async () => {
      await store.leases.acquire('job', 'a', 1000);
      clock.advance(800);
      expect(await store.leases.renew('job', 'a', 1000)).toMatchObject({ token: 1, expiresAt: '2030-01-01T00:00:01.800Z' });
      expect(await store.leases.renew('job', 'b', 1000)).toBeUndefined();
      clock.advance(1000);
      expect(await store.leases.renew('job', 'a', 1000)).toBeUndefined();
    });

    it('releases, and a token never repeats after a release', async () => {
      const tokens: number[] = [];
      for (const owner of ['a', 'b', 'a', 'c']) {
        const acquired = await store.leases.acquire('k', owner);
        if (acquired.ok) tokens.push(acquired.lease.token);
        expect(await store.leases.release('k', owner)).toBe(true);
      }
      expect(tokens).toEqual([1, 2, 3, 4]);
      expect(await store.leases.release('k', 'a')).toBe(false);
    });

    it('releases everything of an owner or of a run, and lists live leases only', async () => {
      await store.leases.acquire('x', 'a', 1000);
      await store.leases.acquire('y', 'run1', 5000, { runId: 'run1' });
      await store.leases.acquire('z', 'run1', 1000, { runId: 'run1' });
      await store.leases.acquire('w', 'b', 100);
      clock.advance(200);
      expect((await store.leases.list()).map((l) => l.key)).toEqual(['x', 'y', 'z']);
      expect(await store.leases.holdingRuns()).toEqual(['run1']);
      expect(await store.leases.releaseRun('run1')).toBe(2);
      expect((await store.leases.list()).map((l) => l.key)).toEqual(['x']);
      expect(await store.leases.releaseAll('a')).toBe(1);
      expect(await store.leases.list()).toEqual([]);
    });

    it('force-releases whoever holds a key', async () => {
      await store.leases.acquire('stuck', 'gone');
      expect(await store.leases.forceRelease('stuck')).toBe(true);
      expect(await store.leases.forceRelease('stuck')).toBe(false);
      expect((await store.leases.acquire('stuck', 'next')).ok).toBe(true);
    });

    it('refuses a write fenced with a stale or unknown token, with conflict', async () => {
      const a = await store.leases.acquire('doc-lock', 'a', 1000);
      if (!a.ok) throw new Error('expected the lease');
      const fenceA = { key: 'doc-lock', token: a.lease.token };
      expect((await store.put({ collection: 'f', id: '1', data: { by: 'a' }, fence: fenceA })).ok).toBe(true);
      clock.advance(1001);
      const b = await store.leases.acquire('doc-lock', 'b', 1000);
      if (!b.ok) throw new Error('expected the lease');
      const stale = await failure(store.put({ collection: 'f', id: '1', data: { by: 'a again' }, fence: fenceA }));
      expect(stale.code).toBe('conflict');
      expect(stale.message).toMatch(/stale fencing token/i);
      expect((await failure(store.patch({ collection: 'f', id: '1', patch: {}, version: 1, fence: fenceA }))).code).toBe('conflict');
      expect((await failure(store.delete({ collection: 'f', id: '1', fence: fenceA }))).code).toBe('conflict');
      expect((await failure(store.put({ collection: 'f', id: '1', data: {}, fence: { key: 'doc-lock', token: 99 } }))).code).toBe('conflict');
      expect((await failure(store.put({ collection: 'f', id: '1', data: {}, fence: { key: 'never', token: 1 } }))).code).toBe('conflict');
      expect(await store.get('f', '1')).toMatchObject({ data: { by: 'a' }, version: 1 });
      expect((await store.put({ collection: 'f', id: '1', data: { by: 'b' }, fence: { key: 'doc-lock', token: b.lease.token } })).ok).toBe(true);
    });
  });
}
