import { Readable } from 'node:stream';
import { tempDir } from '@pattern/testing';
import { type PatternServer, testServer } from '@pattern/testing/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeMod } from '../src/index.ts';
import { storeOf } from './helpers.ts';

/** How `GET /store/blobs/:id` answers ranges, conditional requests and types (RFC 9110), over a real server. */

let dir: string;
let server: PatternServer;

beforeAll(async () => {
  dir = tempDir();
  server = await testServer({ mods: [storeMod], dataDir: dir, storage: 'sqlite', seed: false });
});
afterAll(async () => {
  await server.stop();
});

const url = (path: string) => `${server.url}${path}`;

async function upload(body: BodyInit, type: string): Promise<{ id: string; sha256: string }> {
  const response = await fetch(url('/api/store/blobs'), { method: 'POST', body, headers: { 'Content-Type': type } });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; sha256: string };
}

async function invoke(op: string, inputs: Record<string, unknown>) {
  const response = await fetch(url(`/api/ops/${op}/invoke`), {
    method: 'POST',
    body: JSON.stringify({ inputs }),
    headers: { 'Content-Type': 'application/json' },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { status: string; output?: any; error?: { code: string; details: unknown } };
}

describe('ranges', () => {
  it('merges ranges that touch or overlap into one 206, and answers several apart with the whole body', async () => {
    const blob = await upload('0123456789', 'application/octet-stream');
    const get = (range: string) => fetch(url(`/store/blobs/${blob.id}`), { headers: { Range: range } });
    const cases: Array<[string, number, string, string | null]> = [
      ['bytes=1-2,3-5', 206, '12345', 'bytes 1-5/10'],
      ['bytes=5-6, 0-1,2-4', 206, '0123456', 'bytes 0-6/10'],
      ['bytes=0-3,2-', 206, '0123456789', 'bytes 0-9/10'],
      ['bytes=0-1,20-30', 206, '01', 'bytes 0-1/10'],
      ['BYTES=2-3', 206, '23', 'bytes 2-3/10'],
      ['bytes=0-1,5-6', 200, '0123456789', null],
      ['bytes=-2,0-0', 200, '0123456789', null],
      ['bytes=5-2', 200, '0123456789', null],
      ['items=0-1', 200, '0123456789', null],
      ['bytes=0-1,x', 200, '0123456789', null],
    ];
    for (const [range, status, body, contentRange] of cases) {
      const response = await get(range);
      expect(response.status, range).toBe(status);
      expect(response.headers.get('content-range'), range).toBe(contentRange);
      expect(response.headers.get('content-length'), range).toBe(String(body.length));
      expect(await response.text(), range).toBe(body);
    }
    const none = await get('bytes=20-30,40-');
    expect(none.status).toBe(416);
    expect(none.headers.get('content-range')).toBe('bytes */10');
  });

  it('sends the whole body when If-Range names another or a weak tag', async () => {
    const blob = await upload('0123456789', 'application/octet-stream');
    for (const ifRange of ['"other"', `W/"${blob.sha256}"`]) {
      const response = await fetch(url(`/store/blobs/${blob.id}`), { headers: { Range: 'bytes=0-1', 'If-Range': ifRange } });
      expect(response.status, ifRange).toBe(200);
      expect(await response.text()).toBe('0123456789');
    }
    const same = await fetch(url(`/store/blobs/${blob.id}`), { headers: { Range: 'bytes=0-1', 'If-Range': `"${blob.sha256}"` } });
    expect(same.status).toBe(206);
    expect(await same.text()).toBe('01');
  });
});

describe('conditional requests', () => {
  it('answers If-None-Match with weak comparison, lists and *, and a 304 carries no content headers', async () => {
    const blob = await upload('<b>bold</b>', 'text/html');
    const etag = `"${blob.sha256}"`;
    for (const ifNoneMatch of [etag, `W/${etag}`, `"other", W/${etag}`, `"a",${etag}`, '*']) {
      for (const method of ['GET', 'HEAD']) {
        const response = await fetch(url(`/store/blobs/${blob.id}`), { method, headers: { 'If-None-Match': ifNoneMatch } });
        expect(response.status, `${method} ${ifNoneMatch}`).toBe(304);
        expect(response.headers.get('etag')).toBe(etag);
        expect(response.headers.get('cache-control')).toBe('private, max-age=0, must-revalidate');
        for (const name of ['content-type', 'content-disposition', 'content-range']) expect(response.headers.get(name), name).toBeNull();
        expect(response.headers.get('content-length') ?? '0').toBe('0');
        expect(await response.text()).toBe('');
      }
    }
    for (const ifNoneMatch of ['"other"', 'W/"other"', etag.slice(0, -2)]) {
      const response = await fetch(url(`/store/blobs/${blob.id}`), { headers: { 'If-None-Match': ifNoneMatch } });
      expect(response.status, ifNoneMatch).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html');
      await response.arrayBuffer();
    }
  });
});

describe('types', () => {
  it('shows inline only the types safe to show, judged on the normalized type', async () => {
    const inline = ['image/png', 'IMAGE/PNG', 'text/plain; charset=utf-8', 'Text/Plain', 'application/pdf', 'video/mp4', 'text/csv'];
    const attachment = [
      'text/html',
      'TEXT/HTML; charset=utf-8',
      'text/html ;x=1',
      'image/svg+xml',
      'Image/SVG+XML; charset=utf-8',
      'application/xhtml+xml',
      'text/xml',
      'text/javascript',
      'application/x-unknown',
      'application/octet-stream',
    ];
    const cases: Array<[string, string | null]> = [
      ...inline.map((t): [string, null] => [t, null]),
      ...attachment.map((t): [string, string] => [t, 'attachment']),
    ];
    for (const [type, disposition] of cases) {
      const blob = await upload('<script>alert(1)</script>', type);
      const response = await fetch(url(`/store/blobs/${blob.id}`));
      expect(response.headers.get('content-type'), type).toBe(type);
      expect(response.headers.get('content-disposition')?.split(';')[0] ?? null, type).toBe(disposition);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      await response.arrayBuffer();
    }
  });

  it('serves a blob whose stored type is no media type as bytes to download, never a 500', async () => {
    const store = storeOf(server.engine);
    const id = '01LEGACY000000000000000000';
    const { size, sha256 } = await store.blobs.storage.write(id, Readable.from([Buffer.from('<script>alert(1)</script>')]), 1024);
    await store.driver.insertBlob({
      id,
      mime: 'text/html\r\nX-Evil: 1',
      size,
      sha256,
      ownerId: null,
      filename: null,
      createdAt: new Date().toISOString(),
    });
    const response = await fetch(url(`/store/blobs/${id}`));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment/);
    expect(response.headers.get('x-evil')).toBeNull();
    expect(await response.text()).toBe('<script>alert(1)</script>');
  });

  it('refuses an upload whose Content-Type is no media type with 400 naming it, and keeps nothing', async () => {
    const before = (await (await fetch(url('/api/store/blobs?limit=1000'))).json()) as { blobs: unknown[] };
    for (const type of ['garbage', 'text/html;;x', 'text/plain; charset="x', 'text /plain']) {
      const response = await fetch(url('/api/store/blobs'), { method: 'POST', body: 'x', headers: { 'Content-Type': type } });
      expect(response.status, type).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: 'bad_request', details: { field: 'Content-Type' } } });
    }
    const after = (await (await fetch(url('/api/store/blobs?limit=1000'))).json()) as { blobs: unknown[] };
    expect(after.blobs.length).toBe(before.blobs.length);
  });
});

describe('data URLs through the op', () => {
  it('stores text with a data URL after a leading space as text, served as plain text inline', async () => {
    const text = ' data:text/html,<script>alert(1)</script>';
    const run = await invoke('store.blob.put', { data: text });
    expect(run).toMatchObject({ status: 'ok', output: { blob: { mime: 'text/plain;charset=utf-8' } } });
    const response = await fetch(url(`/store/blobs/${run.output.blob.id}`));
    expect(response.headers.get('content-type')).toBe('text/plain;charset=utf-8');
    expect(await response.text()).toBe(text);
  });

  it('fails the node with bad_request for a malformed data URL or a bad type, naming the field', async () => {
    for (const data of ['data: text/html,<script>alert(1)</script>', 'data:\ttext/html,<b>x</b>', 'data:text/html\r\n,x']) {
      expect(await invoke('store.blob.put', { data }), JSON.stringify(data)).toMatchObject({
        status: 'error',
        error: { code: 'bad_request', details: { field: 'data' } },
      });
    }
    for (const mime of ['text/html\r\nSet-Cookie: a=b', 'text/plain\0', 'nope']) {
      expect(await invoke('store.blob.put', { data: 'x', mime }), JSON.stringify(mime)).toMatchObject({
        status: 'error',
        error: { code: 'bad_request', details: { field: 'mime' } },
      });
    }
  });
});
