import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { type ServerProcess, spawnServer, tempDir } from '@pattern/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Multipart uploads streamed into a real server process, with and without a Content-Length, against a 1 MiB cap. */

const MiB = 1024 * 1024;
const MAX_BLOB_BYTES = 1 * MiB;
const BOUNDARY = 'pattern-test-boundary';

let dir: string;
let server: ServerProcess;

beforeAll(async () => {
  dir = tempDir();
  server = await spawnServer(dir, {
    dataDir: dir,
    mods: [{ module: '@pattern/mod-store', options: { maxBlobBytes: MAX_BLOB_BYTES } }],
  });
});
afterAll(() => {
  server.child.kill('SIGKILL');
});

/** The server process's peak resident memory so far (Linux), in bytes. */
function peakRss(): number {
  const line = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${server.child.pid}/status`, 'utf8'));
  return Number(line?.[1]) * 1024;
}

function partHead(name: string, headers: string[] = []): Buffer {
  return Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"; filename="${name}.bin"\r\n${headers.map((h) => `${h}\r\n`).join('')}\r\n`,
  );
}
const CLOSE = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);

function* fileBytes(total: number, chunk = 64 * 1024): Generator<Buffer> {
  const piece = Buffer.alloc(chunk, 'a');
  for (let sent = 0; sent < total; sent += chunk) yield sent + chunk <= total ? piece : piece.subarray(0, total - sent);
}

interface Answer {
  status: number;
  body: Record<string, any>;
  /** How much of the body had been written when the answer came. */
  sentWhenAnswered: number;
}

/** POSTs the pieces one at a time, as they are made, stopping as soon as the server answers. */
function post(pieces: Iterable<Buffer>, options: { contentLength?: number; contentType?: string; close?: boolean } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'Content-Type': options.contentType ?? `multipart/form-data; boundary=${BOUNDARY}` };
    if (options.contentLength !== undefined) headers['Content-Length'] = String(options.contentLength);
    // Without an agent the request asks for `Connection: close`, as curl and many scripts do.
    const req = request(`${server.url}/api/store/blobs`, { method: 'POST', headers, ...(options.close ? { agent: false } : {}) });
    let sent = 0;
    let answered: number | undefined;
    let wake: () => void = () => undefined;
    req.on('response', (res) => {
      answered = sent;
      wake();
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString() || 'null'), sentWhenAnswered: answered ?? sent });
        req.destroy();
      });
    });
    // Once answered, the server may close the connection on the rest of the body: that is expected.
    req.on('error', (error) => (answered === undefined ? reject(error) : undefined));
    req.on('close', () => wake());
    void (async () => {
      for (const piece of pieces) {
        if (answered !== undefined || req.destroyed) return;
        sent += piece.length;
        if (!req.write(piece)) {
          await new Promise<void>((resume) => {
            wake = resume;
            req.once('drain', resume);
          });
        }
      }
      if (answered === undefined && !req.destroyed) req.end();
    })();
  });
}

async function nothingKept(): Promise<void> {
  expect(readdirSync(join(dir, 'blobs'))).toEqual([]);
  expect(await (await fetch(`${server.url}/api/store/blobs`)).json()).toMatchObject({ blobs: [] });
}

describe('POST /api/store/blobs with a multipart form', () => {
  it('stops a chunked 40 MiB upload at the cap with 413, before the body is in, without holding it in memory, keeping nothing', async () => {
    // A first upload so the process has done its warm-up allocations before the peak is read.
    const warm = await post([partHead('file'), ...fileBytes(64 * 1024), CLOSE]);
    expect(warm.status).toBe(201);
    expect((await fetch(`${server.url}/api/store/blobs/${warm.body.id}`, { method: 'DELETE' })).status).toBe(200);
    const peakBefore = peakRss();
    const total = 40 * MiB;
    const answer = await post([partHead('file'), ...fileBytes(total), CLOSE]);
    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({ error: { code: 'too_large' } });
    // Answered while most of the body was still to come: the server did not wait for (or keep) all of it.
    expect(answer.sentWhenAnswered).toBeLessThan(total / 2);
    expect(peakRss() - peakBefore).toBeLessThan(total);
    await nothingKept();
  });

  for (const close of [false, true]) {
    const asked = close ? ', to a client asking to close the connection' : '';
    it(`refuses a file over the cap with 413 when the Content-Length was within the allowance for the form around it${asked}`, async () => {
      const head = partHead('file');
      const size = MAX_BLOB_BYTES + 1;
      const answer = await post([head, ...fileBytes(size), CLOSE], { contentLength: head.length + size + CLOSE.length, close });
      expect(answer.status).toBe(413);
      await nothingKept();
    });

    it(`refuses a form whose Content-Length is over the cap at once${asked}`, async () => {
      const head = partHead('file');
      const answer = await post([head, ...fileBytes(8 * MiB), CLOSE], { contentLength: head.length + 8 * MiB + CLOSE.length, close });
      expect(answer.status).toBe(413);
      expect(answer.body).toMatchObject({ error: { code: 'too_large' } });
      await nothingKept();
    });
  }

  it('streams a file under the cap in, skipping the other parts, keeping the type with its parameters', async () => {
    const field = Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n`);
    const other = Buffer.from(`\r\n--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="second"\r\n\r\nsecond file`);
    const answer = await post([field, partHead('file', ['Content-Type: text/plain; charset=utf-8']), ...fileBytes(300 * 1024, 1000), other, CLOSE]);
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ mime: 'text/plain; charset=utf-8', size: 300 * 1024 });
    const download = await fetch(`${server.url}/store/blobs/${answer.body.id}`);
    expect(download.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await download.text()).toBe('a'.repeat(300 * 1024));
    expect((await fetch(`${server.url}/api/store/blobs/${answer.body.id}`, { method: 'DELETE' })).status).toBe(200);
  });

  it('refuses a file part whose Content-Type is no media type with 400 naming the file, and keeps nothing', async () => {
    for (const type of ['text/html, text/plain', 'garbage', 'text/plain; charset', 'text/plain\x01']) {
      const answer = await post([partHead('file', [`Content-Type: ${type}`]), ...fileBytes(1000), CLOSE]);
      expect(answer.status, type).toBe(400);
      expect(answer.body).toMatchObject({ error: { code: 'bad_request', details: { field: 'file' } } });
    }
    await nothingKept();
  });

  it('refuses a form cut short, one without a file and one without a boundary with 400, keeping nothing', async () => {
    const cut = await post([partHead('file'), ...fileBytes(1000)]);
    expect(cut).toMatchObject({ status: 400, body: { error: { details: { field: 'body' } } } });
    const endless = await post([partHead('file'), ...fileBytes(1000), Buffer.from(`\r\n--${BOUNDARY}\r\n`)]);
    expect(endless).toMatchObject({ status: 400, body: { error: { details: { field: 'body' } } } });
    const noFile = await post([Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhi`), CLOSE]);
    expect(noFile).toMatchObject({ status: 400, body: { error: { details: { field: 'file' } } } });
    const noBoundary = await post([partHead('file'), CLOSE], { contentType: 'multipart/form-data' });
    expect(noBoundary).toMatchObject({ status: 400, body: { error: { details: { field: 'body' } } } });
    await nothingKept();
  });
});
