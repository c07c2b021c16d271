import { request } from 'node:http';
import { assertValueDepth, createEngine, type Engine, PatternError } from '@pattern/core';
import { storeMod } from '@pattern/mod-store';
import { testServer } from '@pattern/testing/server';
import { afterEach, describe, expect, it } from 'vitest';
import { httpStatusOf } from '../src/http/error-status.ts';
import type { PatternServer } from '../src/index.ts';

let server: PatternServer | undefined;
let engine: Engine | undefined;
afterEach(async () => {
  await server?.stop();
  await engine?.stop();
  server = undefined;
  engine = undefined;
});

function thrown(fn: () => void): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
}

/** A raw request, so every response header is seen as sent. */
/** Sends `body` with its Content-Length, or in two chunked writes with none when a multipart `type` is given. */
function post(url: string, body: string, type?: string): Promise<{ status: number; headers: Record<string, unknown>; body: unknown }> {
  return new Promise((resolve, reject) => {
    const headers = type ? { 'content-type': type } : { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) };
    const req = request(url, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(Buffer.concat(chunks).toString()) }));
    });
    // Once answered, the server may close on the rest of a chunked body.
    req.on('error', (error) => (req.headersSent && type ? undefined : reject(error)));
    if (type) req.write(body.slice(0, 100));
    req.end(type ? body.slice(100) : body);
  });
}

describe('the HTTP status of an error', () => {
  it('is the 4xx of its code for what refuses a caller, and 500 for anything else', () => {
    const deep = thrown(() => assertValueDepth([[[]]], 'data', 2));
    expect(deep).toMatchObject({ code: 'too_deep' });
    expect(httpStatusOf(deep)).toBe(400);
    const cases: Array<[string, number]> = [
      ['bad_request', 400],
      ['validation_failed', 422],
      ['domain_error', 422],
      ['conflict', 409],
      ['rate_limited', 429],
      ['unavailable', 503],
      ['not_found', 404],
      ['too_large', 413],
      ['something_unknown', 500],
    ];
    expect(cases.map(([code]) => [code, httpStatusOf(new PatternError(code, 'x'))])).toEqual(cases);
    expect(httpStatusOf(new Error('a fault'))).toBe(500);
  });

  it('is 429 for a run the engine has no place for, and 503 for one it is not ready to take', async () => {
    engine = createEngine({ maxConcurrentRuns: 1, maxQueuedRuns: 1 });
    const waiting = { nodes: [{ id: 'wait', op: 'flow.delay', config: { ms: 60_000, value: null } }], edges: [] };
    expect(httpStatusOf(thrown(() => engine?.startRun({ workflow: waiting })))).toBe(503);
    await engine.start();
    engine.startRun({ workflow: waiting });
    engine.startRun({ workflow: waiting });
    const refused = thrown(() => engine?.startRun({ workflow: waiting }));
    expect(refused).toMatchObject({ code: 'rate_limited' });
    expect(httpStatusOf(refused)).toBe(429);
  });

  it("answers a mod route's refusal through the server's one handler, with the same shape and headers as the API's", async () => {
    server = await testServer({ mods: [storeMod], modOptions: { store: { maxBlobBytes: 16 } } });
    const refused = await post(`${server.url}/api/store/blobs`, 'x'.repeat(64));
    expect(refused).toMatchObject({ status: 413, body: { error: { code: 'too_large', message: expect.any(String), details: { maxBytes: 16 } } } });
    // Refused from its Content-Length before a byte was read: Node drains it, so the connection stays usable.
    expect(refused.headers.connection).toBe('keep-alive');
    // Refused half-way through a streamed form: the rest is left unread, so the connection closes.
    const form = `--b\r\nContent-Disposition: form-data; name="file"; filename="f"\r\n\r\n${'x'.repeat(200 * 1024)}\r\n--b--\r\n`;
    const halfRead = await post(`${server.url}/api/store/blobs`, form, 'multipart/form-data; boundary=b');
    expect(halfRead).toMatchObject({ status: 413, body: { error: { code: 'too_large' } } });
    expect(halfRead.headers.connection).toBe('close');
  });
});
