import { PatternError } from '@pattern/core';
import { tempDir } from '@pattern/testing';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { RESULT_TTL_MS } from '../src/documents/result-pruning.ts';
import type { StoreService } from '../src/service.ts';
import { type DriverKind, manualClock, openService } from './helpers.ts';

/** Writes under an idempotency key happen once, on every driver: what a durable run's re-run relies on. */
export function idempotencyContract(kind: DriverKind): void {
  let store: StoreService;
  let clock: ReturnType<typeof manualClock>;

  beforeEach(async () => {
    clock = manualClock();
    store = await openService(kind, tempDir(), { now: clock.now });
  });
  afterEach(async () => {
    await store.close();
  });

  const key = (name: string) => ({ idempotencyKey: `run-1:${name}` });

  it('a second put under the key answers the first result and writes nothing', async () => {
    const first = await store.put({ collection: 'orders', id: 'o-1', data: { total: 1 } }, key('save'));
    expect(first).toMatchObject({ ok: true, doc: { version: 1, data: { total: 1 } } });
    clock.advance(1000);
    const again = await store.put({ collection: 'orders', id: 'o-1', data: { total: 2 } }, key('save'));
    expect(again).toEqual(first);
    expect(await store.get('orders', 'o-1')).toEqual(first.ok ? first.doc : undefined);
  });

  it('a put without an id made again under the key answers the id it made and adds no second document', async () => {
    const first = await store.put({ collection: 'notes', data: { text: 'hi' } }, key('note'));
    const again = await store.put({ collection: 'notes', data: { text: 'hi' } }, key('note'));
    expect(again).toEqual(first);
    expect(await store.count({ collection: 'notes' })).toBe(1);
  });

  it('other keys, and writes without a key, write each time', async () => {
    await store.put({ collection: 'c', id: 'x', data: { n: 1 } }, key('a'));
    expect(await store.put({ collection: 'c', id: 'x', data: { n: 2 } }, key('b'))).toMatchObject({ ok: true, doc: { version: 2 } });
    expect(await store.put({ collection: 'c', id: 'x', data: { n: 3 } })).toMatchObject({ ok: true, doc: { version: 3 } });
    expect(await store.put({ collection: 'c', id: 'x', data: { n: 4 } })).toMatchObject({ ok: true, doc: { version: 4 } });
  });

  it('a patch under the key is applied once', async () => {
    await store.put({ collection: 'c', id: 'p', data: { a: 1 } });
    const first = await store.patch({ collection: 'c', id: 'p', patch: { b: 2 }, version: 1 }, key('patch'));
    expect(first).toMatchObject({ ok: true, doc: { version: 2, data: { a: 1, b: 2 } } });
    // Run again, its version no longer holds; still it answers what it did the first time.
    expect(await store.patch({ collection: 'c', id: 'p', patch: { b: 2 }, version: 1 }, key('patch'))).toEqual(first);
    expect(await store.get('c', 'p')).toMatchObject({ version: 2 });
  });

  it('a delete under the key happens once: a document put back since stays', async () => {
    await store.put({ collection: 'c', id: 'd', data: { a: 1 } });
    expect(await store.delete({ collection: 'c', id: 'd' }, key('remove'))).toEqual({ deleted: true, current: null });
    await store.put({ collection: 'c', id: 'd', data: { a: 2 } });
    expect(await store.delete({ collection: 'c', id: 'd' }, key('remove'))).toEqual({ deleted: true, current: null });
    expect(await store.get('c', 'd')).toMatchObject({ data: { a: 2 } });
  });

  it('a lost compare-and-swap is a result too: run again once the version would hold, it still writes nothing', async () => {
    await store.put({ collection: 'c', id: 'x', data: { n: 1 } });
    const lost = await store.put({ collection: 'c', id: 'x', data: { n: 9 }, version: 0 }, key('cas'));
    expect(lost).toMatchObject({ ok: false, current: { version: 1 } });
    await store.delete({ collection: 'c', id: 'x' });
    expect(await store.put({ collection: 'c', id: 'x', data: { n: 9 }, version: 0 }, key('cas'))).toEqual(lost);
    expect(await store.get('c', 'x')).toBeUndefined();
  });

  it('a write that fails keeps no result, so running it again under the key writes', async () => {
    expect(await store.leases.acquire('fence', 'me', 60_000)).toMatchObject({ ok: true, lease: { token: 1 } });
    await store.leases.release('fence', 'me');
    const newer = await store.leases.acquire('fence', 'other', 60_000);
    expect(newer).toMatchObject({ ok: true, lease: { token: 2 } });
    const fenced = { collection: 'c', id: 'f', data: { n: 1 }, fence: { key: 'fence', token: 1 } };
    await expect(store.put(fenced, key('fenced'))).rejects.toBeInstanceOf(PatternError);
    expect(await store.get('c', 'f')).toBeUndefined();
    expect(await store.put({ ...fenced, fence: { key: 'fence', token: 2 } }, key('fenced'))).toMatchObject({ ok: true, doc: { version: 1 } });
  });

  it('many writes under one key at once make one write, and all answer it', async () => {
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => store.put({ collection: 'race', id: 'r', data: { by: i } }, key('race'))));
    const stored = await store.get('race', 'r');
    expect(stored?.version).toBe(1);
    for (const result of results) expect(result).toEqual({ ok: true, doc: stored });
  });

  it('results older than a day are pruned; the key is then free again', async () => {
    await store.put({ collection: 'c', id: 'old', data: { n: 1 } }, key('old'));
    clock.advance(RESULT_TTL_MS / 2);
    await store.put({ collection: 'c', id: 'young', data: { n: 1 } }, key('young'));
    clock.advance(RESULT_TTL_MS / 2 + 1);
    expect(await store.driver.pruneResults(clock.now() - RESULT_TTL_MS)).toBe(1);
    expect(await store.put({ collection: 'c', id: 'old', data: { n: 2 } }, key('old'))).toMatchObject({ ok: true, doc: { version: 2 } });
    expect(await store.put({ collection: 'c', id: 'young', data: { n: 2 } }, key('young'))).toMatchObject({ ok: true, doc: { version: 1 } });
  });

  it('refuses a key that is empty or holds NUL, naming the field', async () => {
    for (const idempotencyKey of ['', 'a\0b']) {
      const error = await store.put({ collection: 'c', data: {} }, { idempotencyKey }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PatternError);
      expect(JSON.stringify((error as PatternError).details)).toContain('idempotencyKey');
    }
  });
}
