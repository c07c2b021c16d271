import { connect } from 'node:net';
import { serve } from '@hono/node-server';
import { testServer } from '@pattern/testing/server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyLimit, readBodyText } from '../src/http/body-limit.ts';
import type { PatternServer } from '../src/index.ts';

/**
 * Request bodies as a hostile or broken client sends them, over raw sockets: whatever arrives,
 * the answer is a clear 4xx in the common error shape, and no run starts on a body that was
 * refused or cut short.
 */

const LIMIT = 1024;
let server: PatternServer;
let port: number;
const started: unknown[] = [];

beforeAll(async () => {
  server = await testServer({ bodyLimitBytes: LIMIT });
  port = server.port;
  await server.engine.workflows.save('body.echo', {
    nodes: [
      { id: 'req', op: 'http.request', config: { method: 'POST', path: '/echo' } },
      { id: 'out', op: 'flow.output' },
    ],
    edges: [{ from: { node: 'req', port: 'body' }, to: { node: 'out', port: 'value' } }],
  });
  server.engine.subscribe((event) => {
    if (event.type === 'started') started.push(event.run.id);
  });
});

afterAll(() => server.stop());

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Writes `parts` to a fresh connection (half-closing it after with `end`), and returns every answer the server sent until it closed. */
function exchange(parts: string[], options: { end?: boolean } = {}): Promise<Answer[]> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let raw = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      raw += chunk;
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(parse(raw)));
    socket.on('connect', () => {
      for (const part of parts) socket.write(part);
      if (options.end) socket.end();
    });
  });
}

function parse(raw: string): Answer[] {
  const answers: Answer[] = [];
  let rest = raw;
  while (rest.startsWith('HTTP/1.1 ')) {
    const headEnd = rest.indexOf('\r\n\r\n');
    const [statusLine, ...lines] = rest.slice(0, headEnd).split('\r\n');
    const headers = Object.fromEntries(
      lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
    );
    const length = Number(headers['content-length'] ?? 0);
    const bodyStart = headEnd + 4;
    const body = Buffer.from(rest.slice(bodyStart)).subarray(0, length).toString();
    answers.push({ status: Number(statusLine?.split(' ')[1]), headers, body });
    rest = rest.slice(bodyStart + body.length);
  }
  return answers;
}

const head = (path: string, headers: Record<string, string | number>) =>
  `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')}\r\n`;

const errorOf = (answer: Answer | undefined) => (JSON.parse(answer?.body ?? '{}') as { error?: { code: string; message: string } }).error;

async function runsDuring(work: () => Promise<void>): Promise<number> {
  const before = started.length;
  await work();
  return started.length - before;
}

describe('request bodies', () => {
  it('refuses a declared length over the cap from the header alone, before a byte of the body is sent', async () => {
    let answers: Answer[] = [];
    const runs = await runsDuring(async () => {
      answers = await exchange([head('/echo', { 'content-type': 'application/json', 'content-length': LIMIT + 1 })]);
    });
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatchObject({ status: 413, headers: { connection: 'close' } });
    expect(errorOf(answers[0])).toMatchObject({ code: 'too_large' });
    expect(runs).toBe(0);
  });

  it('answers 400 when the body ends before its declared length, and starts no run', async () => {
    for (const path of ['/echo', '/api/runs']) {
      let answers: Answer[] = [];
      const runs = await runsDuring(async () => {
        answers = await exchange([head(path, { 'content-type': 'application/json', 'content-length': 200 }), '{"input":'], { end: true });
      });
      // Node refuses the broken framing itself: there is no request left to answer in JSON.
      expect(
        answers.map((a) => a.status),
        path,
      ).toEqual([400]);
      expect(runs).toBe(0);
    }
  });

  it('hands a run exactly the declared bytes when more follow, and refuses the rest as a malformed request', async () => {
    const before = started.length;
    const answers = await exchange([head('/echo', { 'content-type': 'application/json', 'content-length': 7 }), '{"a":1}{"smuggled":true}'], {
      end: true,
    });
    expect(answers.map((a) => a.status)).toContain(400);
    const ids = started.slice(before) as string[];
    expect(ids).toHaveLength(1);
    await server.engine.activeRun(ids[0] as string)?.done;
    const record = await server.engine.getRun(ids[0] as string);
    expect(record?.input).toMatchObject({ body: { a: 1 } });
  });

  it('streams a chunked body under the cap to the run, and refuses one over it with 413 before any run', async () => {
    const chunk = (text: string) => `${Buffer.byteLength(text).toString(16)}\r\n${text}\r\n`;
    const small = await exchange([
      head('/echo', { 'content-type': 'application/json', 'transfer-encoding': 'chunked', connection: 'close' }),
      chunk('{"a":'),
      chunk('2}'),
      '0\r\n\r\n',
    ]);
    expect(small.map((a) => a.status)).toEqual([200]);
    expect(JSON.parse(small[0]?.body ?? '')).toEqual({ a: 2 });

    for (const path of ['/echo', '/api/runs']) {
      let answers: Answer[] = [];
      const runs = await runsDuring(async () => {
        const parts = [head(path, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }), chunk(`{"input":"`)];
        for (let sent = 0; sent <= LIMIT; sent += 256) parts.push(chunk('x'.repeat(256)));
        answers = await exchange(parts);
      });
      expect(
        answers.map((a) => a.status),
        path,
      ).toEqual([413]);
      expect(answers[0]?.headers.connection).toBe('close');
      expect(errorOf(answers[0])?.code).toBe('too_large');
      expect(runs).toBe(0);
    }
  });

  it('names the field when a POST has no body at all', async () => {
    const answers = await exchange([head('/api/runs', { 'content-length': 0, connection: 'close' })]);
    expect(answers.map((a) => a.status)).toEqual([400]);
    expect(errorOf(answers[0])).toMatchObject({ code: 'bad_request' });
    expect(errorOf(answers[0])?.message).toMatch(/workflow/);
  });

  it('refuses a body that is not what its content type says, and starts no run', async () => {
    for (const path of ['/echo', '/api/runs']) {
      let answers: Answer[] = [];
      const runs = await runsDuring(async () => {
        answers = await exchange([head(path, { 'content-type': 'application/json', 'content-length': 7, connection: 'close' }), 'a=1&b=2']);
      });
      expect(
        answers.map((a) => a.status),
        path,
      ).toEqual([400]);
      expect(errorOf(answers[0])?.code).toBe('invalid_json');
      expect(runs).toBe(0);
    }
    const form = await exchange([
      head('/echo', { 'content-type': 'application/x-www-form-urlencoded', 'content-length': 7, connection: 'close' }),
      'a=1&b=2',
    ]);
    expect(JSON.parse(form[0]?.body ?? '')).toEqual({ a: '1', b: '2' });
  });
});

describe('the body limit', () => {
  it('checks a declared length without touching the body stream, so the route reads the body once, from the socket', async () => {
    let bodyReads = 0;
    const app = new Hono();
    app.use('*', async (c, next) => {
      const raw = c.req.raw;
      c.req.raw = new Proxy(raw, {
        get(target, key) {
          if (key === 'body') bodyReads++;
          const value = Reflect.get(target, key, target);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      await next();
    });
    app.use('*', bodyLimit({ maxBytes: LIMIT, streamed: new Set() }));
    app.post('/read', async (c) => c.text(await readBodyText(c)));
    const listening = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const http = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(http));
    });
    try {
      const address = listening.address();
      const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/read`;
      const response = await fetch(url, { method: 'POST', body: 'hello' });
      expect(await response.text()).toBe('hello');
      expect(bodyReads).toBe(0);
    } finally {
      listening.close();
    }
  });
});
