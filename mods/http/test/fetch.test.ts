import { gzipSync } from 'node:zlib';
import type { HttpBindings } from '@hono/node-server';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { fetchOnce, httpEngine, localServer } from './helpers.ts';

const seen: Array<{ method: string; path: string; headers: Record<string, string>; body: string }> = [];
const app = new Hono<{ Bindings: HttpBindings }>();
app.all('/echo', async (c) => {
  const entry = { method: c.req.method, path: c.req.url, headers: c.req.header(), body: await c.req.text() };
  seen.push(entry);
  return c.json(entry);
});
app.get('/text', (c) => c.text('plain words'));
app.get('/missing', (c) => c.json({ error: 'nope' }, 404));
app.get('/login', (c) => {
  c.header('set-cookie', 'session=s3cr3t-cookie-value; HttpOnly');
  return c.json({ ok: true });
});
app.get('/redirect/:n', (c) => {
  const n = Number(c.req.param('n'));
  return c.redirect(n > 0 ? `/redirect/${n - 1}` : '/echo', 302);
});
app.post('/see-other', (c) => c.redirect('/echo', 303));
app.get('/big', (c) => c.text('x'.repeat(4096)));
app.get('/big-chunked', () => {
  const stream = new ReadableStream({
    start(controller) {
      for (let i = 0; i < 8; i++) controller.enqueue(new TextEncoder().encode('y'.repeat(512)));
      controller.close();
    },
  });
  return new Response(stream, { headers: { 'content-type': 'text/plain' } });
});
app.get(
  '/gzip-bomb',
  () => new Response(gzipSync(Buffer.alloc(1024 * 1024)), { headers: { 'content-encoding': 'gzip', 'content-type': 'text/plain' } }),
);
app.get(
  '/gzip',
  () => new Response(gzipSync(Buffer.from('{"zipped":true}')), { headers: { 'content-encoding': 'gzip', 'content-type': 'application/json' } }),
);
let hung = 0;
let hungClosed = 0;
app.get('/hang', (c) => {
  hung++;
  return new Promise<Response>((resolve) => {
    c.env.incoming.once('close', () => {
      hungClosed++;
      resolve(c.text('late'));
    });
  });
});

const { origin, port } = await localServer(app);
const allowed = await httpEngine({ allowHosts: ['127.0.0.1'] });

describe('http.fetch against an allowed local server', () => {
  it('gets JSON and parses it', async () => {
    const run = await fetchOnce(allowed, { url: `${origin}/echo`, query: { q: 'a b', tag: ['x', 'y'] } });
    expect(run.status).toBe('ok');
    const output = run.output as { ok: boolean; status: number; headers: Record<string, string>; body: { method: string; path: string } };
    expect(output.ok).toBe(true);
    expect(output.status).toBe(200);
    expect(output.headers['content-type']).toContain('application/json');
    expect(output.body.method).toBe('GET');
    expect(new URL(output.body.path).search).toBe('?q=a+b&tag=x&tag=y');
  });

  it('sends an object as JSON and a string as text', async () => {
    const json = await fetchOnce(allowed, { url: `${origin}/echo`, method: 'post', body: { n: 1 } });
    const jsonBody = (json.output as { body: { method: string; headers: Record<string, string>; body: string } }).body;
    expect(jsonBody.method).toBe('POST');
    expect(jsonBody.headers['content-type']).toBe('application/json');
    expect(JSON.parse(jsonBody.body)).toEqual({ n: 1 });
    const text = await fetchOnce(allowed, { url: `${origin}/echo`, method: 'PUT', body: 'hello', headers: { 'Content-Type': 'text/csv' } });
    const textBody = (text.output as { body: { headers: Record<string, string>; body: string } }).body;
    expect(textBody.headers['content-type']).toBe('text/csv');
    expect(textBody.body).toBe('hello');
  });

  it('answers text as text, and a non-2xx as a value', async () => {
    const text = await fetchOnce(allowed, { url: `${origin}/text` });
    expect((text.output as { body: unknown }).body).toBe('plain words');
    const missing = await fetchOnce(allowed, { url: `${origin}/missing` });
    expect(missing.status).toBe('ok');
    expect(missing.output).toMatchObject({ ok: false, status: 404, body: { error: 'nope' } });
  });

  it('follows redirects itself, and a 303 turns a POST into a GET', async () => {
    const run = await fetchOnce(allowed, { url: `${origin}/redirect/3` });
    expect(run.output).toMatchObject({ status: 200, body: { method: 'GET' } });
    const posted = await fetchOnce(allowed, { url: `${origin}/see-other`, method: 'POST', body: { a: 1 } });
    expect(posted.output).toMatchObject({ status: 200, body: { method: 'GET', body: '' } });
  });

  it('stops after too many redirects', async () => {
    const run = await fetchOnce(allowed, { url: `${origin}/redirect/20` });
    expect(run.status).toBe('error');
    expect(run.error?.code).toBe('too_many_redirects');
  });

  it('decompresses, and counts maxBytes after decompression', async () => {
    const zipped = await fetchOnce(allowed, { url: `${origin}/gzip` });
    expect((zipped.output as { body: unknown }).body).toEqual({ zipped: true });
    const bomb = await fetchOnce(allowed, { url: `${origin}/gzip-bomb`, maxBytes: 64 * 1024 });
    expect(bomb.error?.code).toBe('too_large');
  });

  it('refuses an answer over maxBytes, declared or streamed', async () => {
    const declared = await fetchOnce(allowed, { url: `${origin}/big`, maxBytes: 1000 });
    expect(declared.status).toBe('error');
    expect(declared.error?.code).toBe('too_large');
    const streamed = await fetchOnce(allowed, { url: `${origin}/big-chunked`, maxBytes: 1000 });
    expect(streamed.error?.code).toBe('too_large');
    const fits = await fetchOnce(allowed, { url: `${origin}/big-chunked`, maxBytes: 4096 });
    expect(fits.status).toBe('ok');
  });

  it('fails with timeout when the answer does not come in time, and closes the connection', async () => {
    const closedBefore = hungClosed;
    const run = await fetchOnce(allowed, { url: `${origin}/hang`, timeoutMs: 50 });
    expect(run.status).toBe('error');
    expect(run.error?.code).toBe('timeout');
    await expect.poll(() => hungClosed).toBe(closedBefore + 1);
  });

  it('aborts the request when the run is cancelled', async () => {
    const hungBefore = hung;
    const closedBefore = hungClosed;
    const run = allowed.invoke('http.fetch', { url: `${origin}/hang` });
    await expect.poll(() => hung).toBe(hungBefore + 1);
    run.cancel();
    const record = await run.done;
    expect(record.status).toBe('cancelled');
    await expect.poll(() => hungClosed).toBe(closedBefore + 1);
  });

  it('fails with unreachable on a refused connection', async () => {
    const closed = await localServer(new Hono());
    // An allowed address where nothing listens: the port of a server on loopback that is then closed.
    const { createServer } = await import('node:net');
    const free = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    expect(closed.port).not.toBe(free);
    const run = await fetchOnce(allowed, { url: `http://127.0.0.1:${free}/` });
    expect(run.status).toBe('error');
    expect(run.error?.code).toBe('unreachable');
  });

  it('keeps credential headers out of run history, both ways', async () => {
    const run = await fetchOnce(allowed, {
      url: `${origin}/login`,
      headers: { Authorization: 'Bearer tok-123456', Cookie: 'a=cookie-value-1', 'X-Plain': 'visible' },
    });
    expect(run.status).toBe('ok');
    const text = JSON.stringify(run);
    expect(text).not.toContain('tok-123456');
    expect(text).not.toContain('cookie-value-1');
    expect(text).not.toContain('s3cr3t-cookie-value');
    expect(text).toContain('visible');
    expect(run.nodes.op?.inputs?.headers).toMatchObject({ Authorization: '[redacted]', Cookie: '[redacted]' });
    expect((run.output as { headers: Record<string, string> }).headers['set-cookie']).toBe('[redacted]');
  });

  it('refuses a bad URL or header as invalid input', async () => {
    const ftp = await fetchOnce(allowed, { url: 'ftp://127.0.0.1/' });
    expect(ftp.error?.code).toBe('invalid_input');
    expect(() => allowed.invoke('http.fetch', { url: `${origin}/echo`, headers: { 'X-A': 'one\r\nX-B: two' } })).toThrow(
      expect.objectContaining({
        code: 'validation_failed',
        details: { problems: [expect.objectContaining({ path: 'nodes[0].config.headers.X-A' })] },
      }),
    );
  });
});

describe('http.fetch by default', async () => {
  const guarded = await httpEngine();

  it.each([
    ['127.0.0.1', (p: number) => `http://127.0.0.1:${p}/echo`],
    ['localhost, resolved', (p: number) => `http://localhost:${p}/echo`],
    ['decimal', (p: number) => `http://2130706433:${p}/echo`],
    ['hex', (p: number) => `http://0x7f.0.0.1:${p}/echo`],
    ['octal', (p: number) => `http://0177.0.0.1:${p}/echo`],
    ['IPv4-mapped IPv6', (p: number) => `http://[::ffff:127.0.0.1]:${p}/echo`],
    ['IPv6 loopback', (p: number) => `http://[::1]:${p}/echo`],
  ])('refuses loopback (%s) before connecting', async (_name, url) => {
    const before = seen.length;
    const run = await fetchOnce(guarded, { url: url(port) });
    expect(run.status).toBe('error');
    expect(run.error?.code).toBe('blocked_address');
    expect(run.error?.message).toContain('http.allowHosts');
    expect(seen.length).toBe(before);
  });

  it('checks every redirect: an allowed host cannot send the request on to a refused one', async () => {
    const narrow = await httpEngine({ allowHosts: ['127.0.0.1/32'] });
    const bounce = new Hono();
    bounce.get('/', (c) => c.redirect(`http://127.0.0.2:${port}/echo`, 302));
    const bouncer = await localServer(bounce);
    const before = seen.length;
    const run = await fetchOnce(narrow, { url: `${bouncer.origin}/` });
    expect(run.error?.code).toBe('blocked_address');
    expect(run.error?.details).toMatchObject({ address: '127.0.0.2', reason: 'loopback' });
    expect(seen.length).toBe(before);
  });
});
