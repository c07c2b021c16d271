import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { createEngine, defineMod, type Engine, type ModDefinition, type RunRecord } from '@pattern/core';
import { tempDir } from '@pattern/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { storeMod } from '../src/index.ts';
import { storeOps } from '../src/ops/index.ts';
import { manualClock, storeOf } from './helpers.ts';

const PORTS: Record<string, { inputs: string[]; outputs: string[] }> = {
  'store.get': { inputs: ['collection', 'id'], outputs: ['found', 'doc'] },
  'store.put': { inputs: ['collection', 'id', 'data', 'version', 'fence', 'after'], outputs: ['ok', 'doc', 'current'] },
  'store.patch': { inputs: ['collection', 'id', 'patch', 'version', 'after'], outputs: ['ok', 'doc', 'current'] },
  'store.delete': { inputs: ['collection', 'id', 'version', 'after'], outputs: ['deleted'] },
  'store.query': { inputs: ['collection', 'where', 'orderBy', 'order', 'limit', 'cursor'], outputs: ['docs', 'next'] },
  'store.count': { inputs: ['collection', 'where'], outputs: ['count'] },
  'store.blob.put': { inputs: ['data', 'mime', 'filename', 'after'], outputs: ['blob', 'ref'] },
  'store.blob.get': { inputs: ['id'], outputs: ['found', 'blob', 'bytes'] },
  'store.blob.delete': { inputs: ['id', 'after'], outputs: ['deleted'] },
  'store.lease.acquire': { inputs: ['key', 'owner', 'ttlMs', 'after'], outputs: ['ok', 'lease', 'holder'] },
  'store.lease.renew': { inputs: ['key', 'owner', 'ttlMs', 'after'], outputs: ['ok', 'lease'] },
  'store.lease.release': { inputs: ['key', 'owner', 'after'], outputs: ['released'] },
};

const docsDir = storeMod.docs as string;
const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function freshEngine(options: { modOptions?: Record<string, unknown>; mods?: ModDefinition[] } = {}): Promise<Engine> {
  const dir = tempDir();
  const engine = createEngine({ mods: [storeMod, ...(options.mods ?? [])], dataDir: dir, modOptions: { store: options.modOptions ?? {} } });
  await engine.start();
  cleanups.push(() => engine.stop());
  return engine;
}

function output(run: RunRecord): Record<string, unknown> {
  expect(run.status, run.error?.message).toBe('ok');
  return run.output as Record<string, unknown>;
}

/** The `key: value` block between `---` lines that chapters and op pages start with. */
function frontMatter(source: string): { data: Record<string, string>; body: string } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(source);
  if (!match) return { data: {}, body: source };
  const data = Object.fromEntries(
    (match[1] ?? '').split(/\r?\n/).flatMap((line) => {
      const pair = /^(\w+)\s*:\s*(.*)$/.exec(line.trim());
      return pair ? [[pair[1], pair[2]]] : [];
    }),
  );
  return { data, body: source.slice(match[0].length) };
}

/** Documented objects name the fields that matter; generated ids and timestamps may be left out. */
function matches(documented: unknown, actual: unknown): boolean {
  if (Array.isArray(documented))
    return Array.isArray(actual) && actual.length === documented.length && documented.every((d, i) => matches(d, actual[i]));
  if (documented !== null && typeof documented === 'object') {
    if (actual === null || typeof actual !== 'object') return false;
    return Object.entries(documented).every(([k, v]) => Object.hasOwn(actual, k) && matches(v, (actual as Record<string, unknown>)[k]));
  }
  return isDeepStrictEqual(documented, actual);
}

describe('the ops', () => {
  it('are the twelve with exactly the documented ports', () => {
    expect(
      Object.fromEntries(
        storeOps.map((op) => [
          op.name,
          { inputs: op.inputs.map((p) => p.name), outputs: op.outputs.map((p) => p.name).filter((p) => p !== 'error') },
        ]),
      ),
    ).toEqual(PORTS);
  });

  for (const op of storeOps) {
    it(`${op.name} is described, has a page and examples that give what they document`, async () => {
      expect(op.description.length).toBeGreaterThan(20);
      for (const port of [...op.inputs, ...op.outputs]) expect(port.description, `${op.name}.${port.name}`).not.toBe('');
      expect(op.examples.length).toBeGreaterThan(0);
      expect(op.examples.some((example) => example.outputs !== undefined)).toBe(true);
      const page = frontMatter(readFileSync(join(docsDir, 'ops', `${op.name}.md`), 'utf8'));
      expect(page.data.title).toBe(op.name);
      expect(page.body.trim().length).toBeGreaterThan(50);
      const engine = await freshEngine();
      for (const example of op.examples) {
        const run = await engine.invoke(op.name, example.inputs ?? {}, example.config ?? {}).done;
        if (!example.outputs) continue;
        const emitted = output(run);
        expect(Object.keys(emitted).sort(), example.title).toEqual(Object.keys(example.outputs).sort());
        for (const [port, value] of Object.entries(example.outputs))
          expect(matches(value, emitted[port]), `${example.title}: ${port} gave ${JSON.stringify(emitted[port])}`).toBe(true);
      }
    });
  }
});

describe('the docs', () => {
  it('are chapters with a title and an order', () => {
    const chapters = readdirSync(docsDir).filter((name) => name.endsWith('.md'));
    expect(chapters.length).toBeGreaterThanOrEqual(5);
    for (const name of chapters) {
      const chapter = frontMatter(readFileSync(join(docsDir, name), 'utf8'));
      expect(chapter.data.title, name).toBeTruthy();
      expect(Number.isInteger(Number(chapter.data.order)), name).toBe(true);
      expect(chapter.body, name).toMatch(/^\s*# /);
    }
    expect(existsSync(join(docsDir, 'cas-loop.md')) && existsSync(join(docsDir, 'leases.md'))).toBe(true);
  });
});

describe('ops in runs', () => {
  it('give a lost compare-and-swap as a value with the current document', async () => {
    const engine = await freshEngine();
    output(await engine.invoke('store.put', { collection: 'c', id: 'x', data: { n: 1 } }).done);
    const lost = output(await engine.invoke('store.put', { collection: 'c', id: 'x', data: { n: 2 }, version: 0 }).done);
    expect(lost).toMatchObject({ ok: false, current: { id: 'x', version: 1, data: { n: 1 } } });
    expect(lost).not.toHaveProperty('doc');
    expect(output(await engine.invoke('store.patch', { collection: 'c', id: 'x', patch: { m: 1 }, version: 1 }).done)).toMatchObject({
      ok: true,
      doc: { data: { n: 1, m: 1 }, version: 2 },
    });
    expect(output(await engine.invoke('store.get', { collection: 'c', id: 'x' }).done)).toMatchObject({ found: true, doc: { version: 2 } });
    expect(output(await engine.invoke('store.delete', { collection: 'c', id: 'x', version: 2 }).done)).toEqual({ deleted: true });
  });

  it('fail a node with unindexed_field or a stale fence, as codes a workflow can catch', async () => {
    const engine = await freshEngine({ modOptions: { collections: [{ name: 'orders', indexes: ['status'] }] } });
    const query = await engine.invoke('store.query', { collection: 'orders', where: { total: 3 } }).done;
    expect(query.error).toMatchObject({ code: 'unindexed_field', details: { field: 'total', indexed: ['status'] } });
    const store = storeOf(engine);
    await store.leases.acquire('lock', 'a', 60_000);
    await store.leases.release('lock', 'a');
    await store.leases.acquire('lock', 'b', 60_000);
    const stale = await engine.invoke('store.put', { collection: 'orders', data: {}, fence: { key: 'lock', token: 1 } }).done;
    expect(stale.error).toMatchObject({ code: 'conflict' });
    expect(stale.error?.message).toMatch(/stale fencing token/i);
  });

  it('query with the cursor of the previous page and count', async () => {
    const engine = await freshEngine({ modOptions: { collections: [{ name: 'orders', indexes: ['total'] }] } });
    for (let i = 0; i < 5; i++) output(await engine.invoke('store.put', { collection: 'orders', data: { total: i * 10 } }).done);
    const first = output(
      await engine.invoke('store.query', { collection: 'orders', where: { total: { gte: 10 } }, orderBy: 'total', order: 'desc', limit: 3 }).done,
    );
    expect((first.docs as Array<{ data: { total: number } }>).map((d) => d.data.total)).toEqual([40, 30, 20]);
    const second = output(
      await engine.invoke('store.query', {
        collection: 'orders',
        where: { total: { gte: 10 } },
        orderBy: 'total',
        order: 'desc',
        limit: 3,
        cursor: first.next,
      }).done,
    );
    expect(second).toMatchObject({ docs: [{ data: { total: 10 } }], next: null });
    expect(output(await engine.invoke('store.count', { collection: 'orders', where: { total: { lt: 25 } } }).done)).toEqual({ count: 3 });
  });

  it('take leases for the run by default, and a lease expires on the clock and can then be stolen', async () => {
    const clock = manualClock();
    const engine = await freshEngine({ modOptions: { now: clock.now } });
    const store = storeOf(engine);
    await store.leases.acquire('job', 'worker-a', 1000);
    const held = output(await engine.invoke('store.lease.acquire', { key: 'job', ttlMs: 5000 }).done);
    expect(held).toEqual({ ok: false, holder: { owner: 'worker-a', expiresAt: '2030-01-01T00:00:01.000Z' } });
    clock.advance(1000);
    const run = await engine.invoke('store.lease.acquire', { key: 'job', ttlMs: 5000 }).done;
    expect(output(run)).toEqual({ ok: true, lease: { key: 'job', owner: run.id, token: 2, expiresAt: '2030-01-01T00:00:06.000Z' } });
    // The run settled, so its lease is already gone.
    expect(await store.leases.get('job')).toBeUndefined();
    expect(output(await engine.invoke('store.lease.renew', { key: 'job', owner: 'worker-a' }).done)).toEqual({ ok: false });
  });

  it('keep after settle a lease a run took under an owner of its own', async () => {
    const engine = await freshEngine();
    const run = await engine.invoke('store.lease.acquire', { key: 'named', owner: 'worker-x' }).done;
    expect(output(run)).toMatchObject({ ok: true, lease: { owner: 'worker-x', token: 1 } });
    expect(await storeOf(engine).leases.list()).toEqual([expect.objectContaining({ key: 'named', owner: 'worker-x', token: 1 })]);
  });

  it('renew and release inside one run, owned by the run', async () => {
    const clock = manualClock();
    const engine = await freshEngine({ modOptions: { now: clock.now } });
    const run = await engine.run({
      workflow: {
        nodes: [
          { id: 'take', op: 'store.lease.acquire', config: { key: 'k', ttlMs: 1000 } },
          { id: 'key1', op: 'object.get', config: { path: 'key' } },
          { id: 'renew', op: 'store.lease.renew', config: { ttlMs: 5000 } },
          { id: 'key2', op: 'object.get', config: { path: 'key' } },
          { id: 'release', op: 'store.lease.release' },
          { id: 'renewed', op: 'flow.output', config: { key: 'renewed' } },
          { id: 'released', op: 'flow.output', config: { key: 'released' } },
        ],
        edges: [
          { from: { node: 'take', port: 'lease' }, to: { node: 'key1', port: 'object' } },
          { from: { node: 'key1', port: 'value' }, to: { node: 'renew', port: 'key' } },
          { from: { node: 'renew', port: 'lease' }, to: { node: 'renewed', port: 'value' } },
          { from: { node: 'renew', port: 'lease' }, to: { node: 'key2', port: 'object' } },
          { from: { node: 'key2', port: 'value' }, to: { node: 'release', port: 'key' } },
          { from: { node: 'release', port: 'released' }, to: { node: 'released', port: 'value' } },
        ],
      },
    });
    expect(output(run)).toEqual({ renewed: { key: 'k', owner: run.id, token: 1, expiresAt: '2030-01-01T00:00:05.000Z' }, released: true });
    expect(await storeOf(engine).leases.list()).toEqual([]);
  });

  it('store, read and delete blobs, and refuse one over the limit', async () => {
    const engine = await freshEngine({ modOptions: { maxBlobBytes: 10 } });
    const put = output(await engine.invoke('store.blob.put', { data: 'data:image/png;base64,AAEC' }).done);
    expect(put).toMatchObject({ blob: { mime: 'image/png', size: 3 }, ref: { mime: 'image/png' } });
    const id = (put.blob as { id: string }).id;
    expect(output(await engine.invoke('store.blob.get', { id }).done)).toMatchObject({ found: true, blob: { id }, bytes: 'AAEC' });
    expect(output(await engine.invoke('store.blob.delete', { id }).done)).toEqual({ deleted: true });
    const big = await engine.invoke('store.blob.put', { data: 'more than ten bytes' }).done;
    expect(big.error).toMatchObject({ code: 'too_large' });
    expect((await storeOf(engine).blobs.list()).blobs).toEqual([]);
  });

  it('declare the collections of the options and of every loaded mod at start', async () => {
    const shop = defineMod({ name: 'shop', version: '1.0.0', contributes: { store: { collections: [{ name: 'carts', indexes: ['user'] }] } } });
    const engine = await freshEngine({ mods: [shop], modOptions: { collections: [{ name: 'orders', indexes: ['status'] }] } });
    expect(await storeOf(engine).listCollections()).toEqual([
      { name: 'carts', indexes: ['user'], count: 0 },
      { name: 'orders', indexes: ['status'], count: 0 },
    ]);
  });

  it('refuse a bad collection declaration of a mod at start, naming the mod', async () => {
    const dir = tempDir();
    const broken = defineMod({
      name: 'broken',
      version: '1.0.0',
      contributes: { store: { collections: [{ name: 'ok', indexes: ['not a path'] }] } },
    });
    const engine = createEngine({ mods: [storeMod, broken], dataDir: dir });
    await expect(engine.start()).rejects.toMatchObject({ code: 'validation_failed', message: expect.stringContaining('mod broken') });
  });

  it('refuse bad options at start, naming them', async () => {
    const dir = tempDir();
    const engine = createEngine({ mods: [storeMod], dataDir: dir, modOptions: { store: { driver: 'oracle' } } });
    await expect(engine.start()).rejects.toMatchObject({ code: 'validation_failed', details: { field: 'driver' } });
  });
});
