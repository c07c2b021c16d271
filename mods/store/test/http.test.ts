import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '@pattern/testing';
import { type PatternServer, testServer } from '@pattern/testing/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeMod } from '../src/index.ts';
import { storeOf } from './helpers.ts';

let dir: string;
let server: PatternServer;

beforeAll(async () => {
  dir = tempDir();
  server = await testServer({
    mods: [storeMod],
    dataDir: dir,
    storage: 'sqlite',
    seed: false,
    modOptions: { store: { maxBlobBytes: 4096, collections: [{ name: 'orders', indexes: ['status', 'total'] }] } },
  });
});
afterAll(async () => {
  await server.stop();
});

const url = (path: string) => `${server.url}${path}`;
const json = (body: unknown, headers: Record<string, string> = {}) => ({
  body: JSON.stringify(body),
  headers: { 'Content-Type': 'application/json', ...headers },
});

async function upload(body: BodyInit, type: string) {
  const response = await fetch(url('/api/store/blobs'), { method: 'POST', body, headers: { 'Content-Type': type } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> & { id: string } };
}

describe('GET /store/blobs/:id', () => {
  it('serves a blob with its type, length, sha256 ETag and nosniff', async () => {
    const text = 'hello, blob world';
    const { status, body: meta } = await upload(text, 'text/plain;charset=utf-8');
    expect(status).toBe(201);
    expect(meta).toMatchObject({ size: text.length, sha256: createHash('sha256').update(text).digest('hex') });
    const response = await fetch(url(`/store/blobs/${meta.id}`));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain;charset=utf-8');
    expect(response.headers.get('content-length')).toBe(String(text.length));
    expect(response.headers.get('etag')).toBe(`"${meta.sha256}"`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(response.headers.get('content-disposition')).toBeNull();
    expect(await response.text()).toBe(text);
    const again = await fetch(url(`/store/blobs/${meta.id}`), { headers: { 'If-None-Match': `"${meta.sha256}"` } });
    expect(again.status).toBe(304);
  });

  it('answers ranges with 206 and Content-Range, and 416 when outside', async () => {
    const { body: meta } = await upload('0123456789', 'application/octet-stream');
    const get = (range: string) => fetch(url(`/store/blobs/${meta.id}`), { headers: { Range: range } });
    const middle = await get('bytes=2-5');
    expect(middle.status).toBe(206);
    expect(middle.headers.get('content-range')).toBe('bytes 2-5/10');
    expect(middle.headers.get('content-length')).toBe('4');
    expect(await middle.text()).toBe('2345');
    expect(await (await get('bytes=7-')).text()).toBe('789');
    expect(await (await get('bytes=-3')).text()).toBe('789');
    expect(await (await get('bytes=8-100')).text()).toBe('89');
    const outside = await get('bytes=10-12');
    expect(outside.status).toBe(416);
    expect(outside.headers.get('content-range')).toBe('bytes */10');
    const stale = await fetch(url(`/store/blobs/${meta.id}`), { headers: { Range: 'bytes=0-1', 'If-Range': '"other"' } });
    expect(stale.status).toBe(200);
    expect(await stale.text()).toBe('0123456789');
  });

  it('serves types a browser would execute as attachments', async () => {
    for (const type of ['text/html', 'image/svg+xml', 'application/xml', 'text/javascript', 'application/xhtml+xml']) {
      const { body: meta } = await upload('<script>alert(1)</script>', type);
      const response = await fetch(url(`/store/blobs/${meta.id}`));
      expect(response.headers.get('content-disposition'), type).toMatch(/^attachment/);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      await response.arrayBuffer();
    }
    const { body: png } = await upload(new Uint8Array([137, 80, 78, 71]), 'image/png');
    const response = await fetch(url(`/store/blobs/${png.id}`));
    expect(response.headers.get('content-disposition')).toBeNull();
    await response.arrayBuffer();
  });

  it('answers 404 with the error body for an unknown blob', async () => {
    const response = await fetch(url('/store/blobs/01NOPE0000000000000000000'));
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});

describe('POST /api/store/blobs', () => {
  it('takes multipart uploads', async () => {
    const form = new FormData();
    form.set('file', new Blob(['from a form'], { type: 'text/csv' }), 'data.csv');
    const response = await fetch(url('/api/store/blobs'), { method: 'POST', body: form });
    expect(response.status).toBe(201);
    const meta = (await response.json()) as { id: string; mime: string; size: number };
    expect(meta).toMatchObject({ mime: 'text/csv', size: 11 });
    expect(await (await fetch(url(`/store/blobs/${meta.id}`))).text()).toBe('from a form');
  });

  it('answers 400 to a form it cannot read, and 400 to a form without a file', async () => {
    const broken = await fetch(url('/api/store/blobs'), {
      method: 'POST',
      body: '[]',
      headers: { 'Content-Type': 'multipart/form-data; boundary=x' },
    });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ error: { code: 'bad_request', details: { field: 'body' } } });
    const form = new FormData();
    form.set('other', 'text');
    const noFile = await fetch(url('/api/store/blobs'), { method: 'POST', body: form });
    expect(noFile.status).toBe(400);
    expect(await noFile.json()).toMatchObject({ error: { details: { field: 'file' } } });
  });

  it('refuses a body over the cap with 413, streamed or not, leaving no file and no row', async () => {
    const before = (await (await fetch(url('/api/store/blobs?limit=1000'))).json()) as { blobs: unknown[] };
    const sized = await upload(new Uint8Array(5000), 'application/octet-stream');
    expect(sized.status).toBe(413);
    expect(sized.body).toMatchObject({ error: { code: 'too_large' } });
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 10; i++) controller.enqueue(new Uint8Array(1000));
        controller.close();
      },
    });
    const streamed = await fetch(url('/api/store/blobs'), { method: 'POST', body: chunks, duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
    const after = (await (await fetch(url('/api/store/blobs?limit=1000'))).json()) as { blobs: unknown[] };
    expect(after.blobs.length).toBe(before.blobs.length);
    expect(readdirSync(join(dir, 'blobs')).length).toBe(before.blobs.length);
  });

  it('lists and deletes blobs', async () => {
    const { body: meta } = await upload('to delete', 'text/plain');
    const list = (await (await fetch(url('/api/store/blobs?limit=1'))).json()) as { blobs: Array<{ id: string }>; next: string | null };
    expect(list.blobs[0]?.id).toBe(meta.id);
    expect(list.next).not.toBeNull();
    expect((await fetch(url(`/api/store/blobs/${meta.id}`), { method: 'DELETE' })).status).toBe(200);
    expect((await fetch(url(`/api/store/blobs/${meta.id}`), { method: 'DELETE' })).status).toBe(404);
    expect((await fetch(url(`/store/blobs/${meta.id}`))).status).toBe(404);
  });
});

describe('admin API', () => {
  it('declares and lists collections, with 422 naming the field for a bad declaration', async () => {
    const created = await fetch(url('/api/store/collections'), { method: 'POST', ...json({ name: 'people', indexes: ['age'] }) });
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({ name: 'people', indexes: ['age'], count: 0 });
    const bad = await fetch(url('/api/store/collections'), { method: 'POST', ...json({ name: 'x', indexes: ['bad path!'] }) });
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({ error: { code: 'validation_failed', details: { field: 'indexes.0' } } });
    const list = (await (await fetch(url('/api/store/collections'))).json()) as { collections: Array<{ name: string }> };
    expect(list.collections.map((c) => c.name)).toEqual(expect.arrayContaining(['orders', 'people']));
  });

  it('puts, gets, queries and deletes documents, with If-Match versions and 409 carrying the current document', async () => {
    const doc = (id: string) => url(`/api/store/collections/orders/docs/${id}`);
    const put = await fetch(doc('o1'), { method: 'PUT', ...json({ status: 'open', total: 12 }) });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ id: 'o1', version: 1 });
    await fetch(doc('o2'), { method: 'PUT', ...json({ status: 'paid', total: 30 }) });
    expect(await (await fetch(doc('o1'))).json()).toMatchObject({ data: { status: 'open', total: 12 } });
    const stale = await fetch(doc('o1'), { method: 'PUT', ...json({ status: 'held' }, { 'If-Match': '7' }) });
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ error: { code: 'conflict', details: { current: { id: 'o1', version: 1 } } } });
    expect((await fetch(doc('o1'), { method: 'PUT', ...json({ status: 'held', total: 12 }, { 'If-Match': '1' }) })).status).toBe(200);

    const where = encodeURIComponent(JSON.stringify({ total: { gte: 10 } }));
    const page = (await (await fetch(url(`/api/store/collections/orders/docs?where=${where}&orderBy=total&order=desc&limit=1`))).json()) as {
      docs: Array<{ id: string }>;
      next: string;
    };
    expect(page.docs.map((d) => d.id)).toEqual(['o2']);
    const rest = (await (
      await fetch(url(`/api/store/collections/orders/docs?where=${where}&orderBy=total&order=desc&cursor=${page.next}`))
    ).json()) as {
      docs: Array<{ id: string }>;
      next: null;
    };
    expect(rest).toMatchObject({ docs: [{ id: 'o1' }], next: null });

    const unindexed = await fetch(url(`/api/store/collections/orders/docs?where=${encodeURIComponent('{"customer":"x"}')}`));
    expect(unindexed.status).toBe(400);
    expect(await unindexed.json()).toMatchObject({
      error: { code: 'unindexed_field', details: { field: 'customer', indexed: ['status', 'total'] } },
    });
    const badJson = await fetch(url('/api/store/collections/orders/docs?where={oops'));
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ error: { code: 'invalid_json', details: { field: 'where' } } });
    expect((await fetch(url('/api/store/collections/orders/docs?limit=zero'))).status).toBe(400);

    const conflict = await fetch(doc('o1'), { method: 'DELETE', headers: { 'If-Match': '1' } });
    expect(conflict.status).toBe(409);
    expect(await conflict.json()).toMatchObject({ error: { details: { current: { version: 2 } } } });
    expect((await fetch(doc('o1'), { method: 'DELETE', headers: { 'If-Match': '2' } })).status).toBe(200);
    expect((await fetch(doc('o1'))).status).toBe(404);
    expect((await fetch(doc('o1'), { method: 'DELETE' })).status).toBe(404);
    expect((await fetch(doc('o3'), { method: 'PUT', ...json([1, 2]) })).status).toBe(422);
    expect((await fetch(doc('o3'), { method: 'PUT', body: '{nope', headers: { 'Content-Type': 'application/json' } })).status).toBe(400);
  });

  it('lists leases and force-releases one', async () => {
    const store = storeOf(server.engine);
    await store.leases.acquire('stuck/job:1', 'crashed-worker', 60_000);
    const list = (await (await fetch(url('/api/store/leases'))).json()) as { leases: Array<{ key: string; owner: string }> };
    expect(list.leases).toEqual([expect.objectContaining({ key: 'stuck/job:1', owner: 'crashed-worker', token: 1 })]);
    expect((await fetch(url(`/api/store/leases/${encodeURIComponent('stuck/job:1')}`), { method: 'DELETE' })).status).toBe(200);
    expect((await fetch(url(`/api/store/leases/${encodeURIComponent('stuck/job:1')}`), { method: 'DELETE' })).status).toBe(404);
    expect(await store.leases.list()).toEqual([]);
  });
});

describe('a server with storage "memory"', () => {
  it('runs the store in memory, invokes its ops over HTTP, and leaves no blob files behind when it stops', async () => {
    const memory = await testServer({ mods: [storeMod], storage: 'memory', seed: false });
    let blobDir: string | undefined;
    try {
      const store = storeOf(memory.engine);
      expect(store.driver.kind).toBe('memory');
      const invoked = await fetch(`${memory.url}/api/ops/store.put/invoke`, {
        method: 'POST',
        ...json({ inputs: { collection: 'notes', id: 'n1', data: { text: 'in memory' } } }),
      });
      expect(invoked.status).toBe(200);
      expect(await invoked.json()).toMatchObject({ status: 'ok', output: { ok: true, doc: { id: 'n1', version: 1 } } });
      expect(await (await fetch(`${memory.url}/api/store/collections/notes/docs/n1`)).json()).toMatchObject({ data: { text: 'in memory' } });
      const uploaded = (await (
        await fetch(`${memory.url}/api/store/blobs`, { method: 'POST', body: 'bytes', headers: { 'Content-Type': 'text/plain' } })
      ).json()) as { id: string };
      expect(await (await fetch(`${memory.url}/store/blobs/${uploaded.id}`)).text()).toBe('bytes');
      blobDir = store.blobs.dir;
      expect(blobDir !== undefined && existsSync(blobDir)).toBe(true);
    } finally {
      await memory.stop();
    }
    expect(existsSync(blobDir as string)).toBe(false);
  });
});
