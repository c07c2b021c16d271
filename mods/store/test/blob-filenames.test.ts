import { Readable } from 'node:stream';
import { tempDir } from '@pattern/testing';
import { type PatternServer, testServer } from '@pattern/testing/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeMod } from '../src/index.ts';
import { HOSTILE_FILENAMES } from './blob-filename-contract.ts';
import { storeOf } from './helpers.ts';

/** File names given to uploads and to the op, and the `Content-Disposition` they are served with (RFC 6266, RFC 5987), over a real server. */

let server: PatternServer;

beforeAll(async () => {
  server = await testServer({ mods: [storeMod], dataDir: tempDir(), storage: 'sqlite', seed: false });
});
afterAll(async () => {
  await server.stop();
});

const url = (path: string) => `${server.url}${path}`;
const BOUNDARY = 'filename-test-boundary';

async function blobCount(): Promise<number> {
  return ((await (await fetch(url('/api/store/blobs?limit=1000'))).json()) as { blobs: unknown[] }).blobs.length;
}

/** A form with one `file` part whose Content-Disposition carries `filenameParam` as raw bytes (UTF-8, as browsers send it). */
function formBody(filenameParam: string | undefined, content = 'hello'): Buffer {
  const disposition = `Content-Disposition: form-data; name="file"${filenameParam === undefined ? '' : `; filename=${filenameParam}`}`;
  return Buffer.concat([
    Buffer.from(`--${BOUNDARY}\r\n${disposition}\r\nContent-Type: text/plain\r\n\r\n`, 'utf8'),
    Buffer.from(content),
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
}

async function uploadForm(body: Buffer, query = ''): Promise<Response> {
  return fetch(url(`/api/store/blobs${query}`), {
    method: 'POST',
    body: new Uint8Array(body),
    headers: { 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}` },
  });
}

async function disposition(id: string): Promise<string | null> {
  const response = await fetch(url(`/store/blobs/${id}`));
  expect(response.status).toBe(200);
  await response.arrayBuffer();
  return response.headers.get('content-disposition');
}

describe('uploading with a file name', () => {
  it('keeps the ?filename= of a raw upload and serves it as an attachment, even for a type shown inline', async () => {
    const response = await fetch(url(`/api/store/blobs?filename=${encodeURIComponent('photo.png')}`), {
      method: 'POST',
      body: Buffer.from([1, 2, 3]),
      headers: { 'Content-Type': 'image/png' },
    });
    expect(response.status).toBe(201);
    const blob = (await response.json()) as { id: string; filename: string };
    expect(blob.filename).toBe('photo.png');
    expect(await disposition(blob.id)).toBe('attachment; filename="photo.png"');
    const listed = (await (await fetch(url('/api/store/blobs'))).json()) as { blobs: Array<{ id: string; filename: string | null }> };
    expect(listed.blobs.find((b) => b.id === blob.id)?.filename).toBe('photo.png');
  });

  it("reads a form part's UTF-8 filename, and the query parameter over it", async () => {
    const fromPart = await uploadForm(formBody('"Grüße \\"Q1\\".txt"'));
    expect(fromPart.status).toBe(201);
    const part = (await fromPart.json()) as { id: string; filename: string };
    expect(part.filename).toBe('Grüße "Q1".txt');
    expect(await disposition(part.id)).toBe(`attachment; filename="Gr__e _Q1_.txt"; filename*=UTF-8''Gr%C3%BC%C3%9Fe%20%22Q1%22.txt`);

    const overridden = (await (await uploadForm(formBody('"part.txt"'), '?filename=chosen.txt')).json()) as { filename: string };
    expect(overridden.filename).toBe('chosen.txt');
    const nameless = (await (await uploadForm(formBody('""'))).json()) as { id: string; filename: string | null };
    expect(nameless.filename).toBeNull();
    expect(await disposition(nameless.id)).toBeNull();
  });

  it('encodes what is not an attr-char in filename*, and leaves an ASCII name without it', async () => {
    const cases: Array<[string, string]> = [
      ['report.pdf', 'attachment; filename="report.pdf"'],
      ["it's (1)*.txt", `attachment; filename="it's (1)*.txt"`],
      ['a\\b'.replace('\\', '"'), `attachment; filename="a_b"; filename*=UTF-8''a%22b`],
      ['報告 😀.csv', `attachment; filename="__ _.csv"; filename*=UTF-8''%E5%A0%B1%E5%91%8A%20%F0%9F%98%80.csv`],
    ];
    for (const [filename, header] of cases) {
      const response = await fetch(url(`/api/store/blobs?filename=${encodeURIComponent(filename)}`), { method: 'POST', body: 'x' });
      const blob = (await response.json()) as { id: string; filename: string };
      expect(blob.filename, filename).toBe(filename);
      expect(await disposition(blob.id), filename).toBe(header);
    }
  });
});

describe('hostile file names', () => {
  it('refuses each in ?filename= with 400 naming filename, before the body is stored', async () => {
    const before = await blobCount();
    // A lone surrogate has no percent-encoding: a URL cannot carry one.
    for (const filename of HOSTILE_FILENAMES.filter((name) => name.isWellFormed())) {
      const response = await fetch(url(`/api/store/blobs?filename=${encodeURIComponent(filename)}`), { method: 'POST', body: 'x' });
      expect(response.status, JSON.stringify(filename)).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: 'bad_request', details: { field: 'filename' } } });
    }
    expect(await blobCount()).toBe(before);
  });

  it('refuses each in a form part with 400 naming filename, and keeps nothing', async () => {
    const before = await blobCount();
    for (const param of ['"../etc/passwd"', '"a\\\\b"', '"gnp\u202e.exe"', '".."', `"${'x'.repeat(256)}"`]) {
      const response = await uploadForm(formBody(param));
      expect(response.status, param).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: 'bad_request', details: { field: 'filename' } } });
    }
    expect(await blobCount()).toBe(before);
  });

  it('fails the op node with bad_request naming filename', async () => {
    for (const filename of HOSTILE_FILENAMES) {
      const response = await fetch(url('/api/ops/store.blob.put/invoke'), {
        method: 'POST',
        body: JSON.stringify({ inputs: { data: 'x', filename } }),
        headers: { 'Content-Type': 'application/json' },
      });
      expect(await response.json(), JSON.stringify(filename)).toMatchObject({
        status: 'error',
        error: { code: 'bad_request', details: { field: 'filename' } },
      });
    }
    const named = await fetch(url('/api/ops/store.blob.put/invoke'), {
      method: 'POST',
      body: JSON.stringify({ inputs: { data: 'x', filename: 'notes.txt' } }),
      headers: { 'Content-Type': 'application/json' },
    });
    expect(await named.json()).toMatchObject({ status: 'ok', output: { blob: { filename: 'notes.txt' } } });
  });

  it('serves a stored name that was never checked with nothing but safe characters in the header', async () => {
    const store = storeOf(server.engine);
    const id = '01LEGACYNAME00000000000000';
    const { size, sha256 } = await store.blobs.storage.write(id, Readable.from([Buffer.from('x')]), 1024);
    await store.driver.insertBlob({
      id,
      mime: 'text/plain',
      size,
      sha256,
      ownerId: null,
      filename: 'a"\r\nX-Evil: 1;\u00e9.txt',
      createdAt: new Date().toISOString(),
    });
    const response = await fetch(url(`/store/blobs/${id}`));
    expect(response.status).toBe(200);
    expect(response.headers.get('x-evil')).toBeNull();
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="a___X-Evil: 1;_.txt"; filename*=UTF-8''a%22%0D%0AX-Evil%3A%201%3B%C3%A9.txt`,
    );
  });
});
