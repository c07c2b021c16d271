import { PatternError } from '@pattern/core';
import { tempDir } from '@pattern/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoreService } from '../src/service.ts';
import { type DriverKind, openService, readAll } from './helpers.ts';

async function failure(promise: Promise<unknown>): Promise<PatternError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PatternError) return error;
    throw error;
  }
  throw new Error('expected a PatternError');
}

const refused = (field: string) => ({ code: 'bad_request', details: { field } });

/** What every driver refuses alike, and how it reads what it is given: run against each through the store service. */
export function inputContract(kind: DriverKind): void {
  let dir: string;
  let store: StoreService;

  beforeEach(async () => {
    dir = tempDir();
    store = await openService(kind, dir, { maxBlobBytes: 1024 });
  });
  afterEach(async () => {
    await store.close();
  });

  describe('the NUL character', () => {
    it('is refused in a document id on every path, naming the field, and creates nothing', async () => {
      expect(await failure(store.put({ collection: 'c', id: 'a\0b', data: {} }))).toMatchObject(refused('id'));
      expect(await failure(store.get('c', 'a\0b'))).toMatchObject(refused('id'));
      expect(await failure(store.patch({ collection: 'c', id: '\0', patch: {}, version: 1 }))).toMatchObject(refused('id'));
      expect(await failure(store.delete({ collection: 'c', id: 'x\0' }))).toMatchObject(refused('id'));
      expect(await store.listCollections()).toEqual([]);
    });

    it('is refused in an indexed value, in a put or a patch, and kept in data that is not indexed', async () => {
      await store.ensureCollection({ name: 'people', indexes: ['name', 'tags'] });
      expect(await failure(store.put({ collection: 'people', id: 'p1', data: { name: 'a\0b' } }))).toMatchObject(refused('data.name'));
      expect(await failure(store.put({ collection: 'people', id: 'p1', data: { name: 'ok', tags: ['x', 'y\0'] } }))).toMatchObject(
        refused('data.tags'),
      );
      expect(await store.get('people', 'p1')).toBeUndefined();
      await store.put({ collection: 'people', id: 'p2', data: { name: 'ok' } });
      expect(await failure(store.patch({ collection: 'people', id: 'p2', patch: { name: '\0' }, version: 1 }))).toMatchObject(refused('data.name'));
      expect(await store.get('people', 'p2')).toMatchObject({ version: 1, data: { name: 'ok' } });
      expect(await store.count({ collection: 'people', where: { name: 'ok' } })).toBe(1);
      const data = { name: 'kept', note: 'a\0b', 'key\0': 1 };
      expect(await store.put({ collection: 'people', id: 'p3', data })).toMatchObject({ ok: true, doc: { data } });
      expect((await store.get('people', 'p3'))?.data).toEqual(data);
    });

    it('is refused in a value a query compares with', async () => {
      await store.ensureCollection({ name: 'people', indexes: ['name'] });
      expect(await failure(store.query({ collection: 'people', where: { name: 'a\0' } }))).toMatchObject(refused('where.name'));
      expect(await failure(store.query({ collection: 'people', where: { name: { gte: '\0' } } }))).toMatchObject(refused('where.name.gte'));
      expect(await failure(store.count({ collection: 'people', where: { name: { in: ['x', '\0'] } } }))).toMatchObject(refused('where.name.in'));
    });

    it('refuses a cursor that holds it, as one the store never issued', async () => {
      await store.ensureCollection({ name: 'people', indexes: ['name'] });
      const cursor = Buffer.from(JSON.stringify({ field: 'name', order: 'asc', key: { kind: 3, value: 'a\0' }, id: 'x' })).toString('base64url');
      expect(await failure(store.query({ collection: 'people', orderBy: 'name', cursor }))).toMatchObject(refused('cursor'));
    });

    it('refuses an index over a field a stored document holds it in, and leaves the collection as it was', async () => {
      await store.put({ collection: 'late', id: 'd1', data: { name: 'plain' } });
      await store.put({ collection: 'late', id: 'd2', data: { name: 'a\0b' } });
      expect(await failure(store.ensureCollection({ name: 'late', indexes: ['name'] }))).toMatchObject(refused('data.name'));
      expect(await store.listCollections()).toEqual([{ name: 'late', indexes: [], count: 2 }]);
      expect(await store.ensureCollection({ name: 'late', indexes: ['other'] })).toEqual({ name: 'late', indexes: ['other'], count: 2 });
    });

    it('is refused in a lease key or owner and in a fence key, and takes no lease', async () => {
      expect(await failure(store.leases.acquire('job\0', 'a'))).toMatchObject(refused('key'));
      expect(await failure(store.leases.acquire('job', 'a\0'))).toMatchObject(refused('owner'));
      expect(await failure(store.leases.renew('job\0', 'a'))).toMatchObject(refused('key'));
      expect(await failure(store.leases.release('job', '\0'))).toMatchObject(refused('owner'));
      expect(await failure(store.leases.forceRelease('\0'))).toMatchObject(refused('key'));
      expect(await failure(store.leases.get('\0'))).toMatchObject(refused('key'));
      expect(await failure(store.leases.releaseAll('\0'))).toMatchObject(refused('owner'));
      expect(await failure(store.put({ collection: 'c', data: {}, fence: { key: 'job\0', token: 1 } }))).toMatchObject(refused('fence.key'));
      expect(await store.leases.list()).toEqual([]);
    });

    it('is refused in a blob type, owner, id or cursor, and stores nothing', async () => {
      expect(await failure(store.blobs.put('x', { mime: 'text/plain\0' }))).toMatchObject(refused('mime'));
      expect(await failure(store.blobs.put('x', { ownerId: 'run\0' }))).toMatchObject(refused('ownerId'));
      expect(await failure(store.blobs.getMeta('01\0'))).toMatchObject(refused('id'));
      expect(await failure(store.blobs.get('01\0'))).toMatchObject(refused('id'));
      expect(await failure(store.blobs.delete('01\0'))).toMatchObject(refused('id'));
      expect(await failure(store.blobs.list({ cursor: '01\0' }))).toMatchObject(refused('cursor'));
      expect(await store.blobs.storage.storedIds()).toEqual([]);
    });
  });

  describe('blob types and data URLs', () => {
    const content = async (id: string) => (await readAll((await store.blobs.get(id))!.stream)).toString('utf8');

    it('reads a data URL only from the first character: after a space or a tab it is text', async () => {
      for (const text of [' data:text/html,<script>alert(1)</script>', '\tdata:text/html,<b>x</b>', 'see data:text/html,x']) {
        const blob = await store.blobs.put(text);
        expect(blob.mime, JSON.stringify(text)).toBe('text/plain;charset=utf-8');
        expect(await content(blob.id)).toBe(text);
      }
    });

    it('decodes data URLs as RFC 2397 reads them', async () => {
      const cases: Array<[string, string, string]> = [
        ['data:,hi%20there', 'text/plain;charset=US-ASCII', 'hi there'],
        ['DATA:text/csv;charset=utf-8,a%2Cb', 'text/csv;charset=utf-8', 'a,b'],
        ['data:;charset=utf-8,%E2%82%AC', 'text/plain;charset=utf-8', '€'],
        ['data:text/plain;base64,aGk=', 'text/plain', 'hi'],
        ['data:text/plain;BASE64,aGk', 'text/plain', 'hi'],
        ['data:;base64,aG k=', 'text/plain;charset=US-ASCII', 'hi'],
      ];
      for (const [url, mime, text] of cases) {
        const blob = await store.blobs.put(url);
        expect(blob.mime, url).toBe(mime);
        expect(await content(blob.id), url).toBe(text);
      }
      const bytes = await store.blobs.put(`data:image/png;base64,${Buffer.from([0, 1, 2, 255]).toString('base64')}`);
      expect((await readAll((await store.blobs.get(bytes.id))!.stream)).equals(Buffer.from([0, 1, 2, 255]))).toBe(true);
    });

    it('refuses text that starts like a data URL but is not one, naming data, and stores nothing', async () => {
      const bad = [
        'data:text/html',
        'data: text/html,x',
        'data:text html,x',
        'data:text/html\r\nX-Evil: 1,x',
        'data:text/ht\0ml,x',
        'data:text/plain;charset,x',
        'data:image/png;base64,A',
        'data:image/png;base64,AA*=',
        'data:,100%',
        'data:,%zz',
      ];
      for (const url of bad) expect(await failure(store.blobs.put(url)), JSON.stringify(url)).toMatchObject(refused('data'));
      expect(await store.blobs.storage.storedIds()).toEqual([]);
      expect((await store.blobs.list()).blobs).toEqual([]);
    });

    it('refuses a media type that is not type/subtype with parameters, and keeps a valid one as given', async () => {
      const bad = [
        'text/html\r\nX-Evil: 1',
        'text/html\n',
        'image/png\0',
        'text/html\t',
        ' text/html',
        'text',
        'text/',
        '/html',
        'te xt/html',
        'text/plain; charset',
        'text/plain; charset="utf-8',
        'text/plain; x=é',
        `text/plain; x=${'a'.repeat(200)}`,
      ];
      for (const mime of bad) expect(await failure(store.blobs.put('x', { mime })), JSON.stringify(mime)).toMatchObject(refused('mime'));
      expect(await store.blobs.storage.storedIds()).toEqual([]);
      for (const mime of ['text/plain; charset="utf-8"', 'application/vnd.api+json', 'IMAGE/PNG', 'text/plain;', 'text/plain ; a=1;b="x;y"']) {
        expect((await store.blobs.put('x', { mime })).mime).toBe(mime);
      }
    });
  });

  describe('lease owners', () => {
    it('ties a lease to a run only when the run is its owner', async () => {
      await store.leases.acquire('own', 'run1', 60_000, { runId: 'run1' });
      await store.leases.acquire('job', 'alice', 60_000, { runId: 'run1' });
      expect(await store.leases.holdingRuns()).toEqual(['run1']);
      expect(await store.leases.releaseRun('run1', true)).toBe(1);
      expect((await store.leases.list()).map((lease) => [lease.key, lease.owner])).toEqual([['job', 'alice']]);
      expect(await store.leases.holdingRuns()).toEqual([]);
    });

    it('keeps a lease an owner shares with several runs when one of them settles', async () => {
      const first = await store.leases.acquire('job', 'alice', 60_000, { runId: 'run1' });
      const second = await store.leases.acquire('job', 'alice', 60_000, { runId: 'run2' });
      expect(first.ok && second.ok && first.lease.token === second.lease.token).toBe(true);
      expect(await store.leases.releaseRun('run1', true)).toBe(0);
      expect(await store.leases.releaseRun('run2', true)).toBe(0);
      expect(await store.leases.get('job')).toMatchObject({ owner: 'alice' });
    });

    it('releases at settle only what the run owns, even for a row that names another owner', async () => {
      // As a lease taken by an earlier version of the store was recorded: the run's id beside an owner of its own.
      const now = Date.now();
      await store.driver.acquireLease({ key: 'job', owner: 'alice', ttlMs: 60_000, now, runId: 'run1' });
      await store.driver.acquireLease({ key: 'own', owner: 'run1', ttlMs: 60_000, now, runId: 'run1' });
      expect(await store.driver.leaseRuns(now)).toEqual(['run1']);
      expect(await store.driver.releaseRun('run1', now)).toBe(1);
      expect((await store.driver.listLeases(now)).map((lease) => lease.key)).toEqual(['job']);
      expect(await store.driver.leaseRuns(now)).toEqual([]);
    });
  });
}
