import { freshSchema } from '@pattern/testing';
import { testServer } from '@pattern/testing/server';
import { afterEach, describe, expect, it } from 'vitest';
import type { PatternServer } from '../src/index.ts';
import { json } from './helpers.ts';

const SECRET_KEY = 'c2'.repeat(32);
const doc = (value: string) => ({ nodes: [{ id: 'a', op: 'value.const', config: { value } }], edges: [] });

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Event {
  event: string;
  data: Record<string, any>;
}

/** An open presence stream, read event by event. */
async function open(server: PatternServer, workflowId: string, session: string, name: string) {
  const controller = new AbortController();
  const response = await fetch(`${server.url}/api/workflows/${workflowId}/presence?session=${session}&name=${encodeURIComponent(name)}`, {
    signal: controller.signal,
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const next = async (): Promise<Event> => {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
        const data = /^data: (.*)$/m.exec(block)?.[1] ?? '{}';
        return { event, data: JSON.parse(data) };
      }
      const { value, done } = await reader.read();
      if (done) throw new Error('the stream ended');
      buffer += decoder.decode(value, { stream: true });
    }
  };
  /** The next event of a kind, past pings and others. */
  const until = async (event: string, check: (e: Event) => boolean = () => true): Promise<Event> => {
    for (;;) {
      const e = await next();
      if (e.event === event && check(e)) return e;
    }
  };
  const close = () => controller.abort();
  cleanups.push(close);
  return { until, close };
}

const names = (e: Event) => (e.data.sessions as Array<{ name: string }>).map((s) => s.name);

async function serversOn(kind: 'sqlite' | 'postgres'): Promise<[PatternServer, PatternServer]> {
  const start = async (options: Parameters<typeof testServer>[0]) => {
    const server = await testServer({ seed: false, secretKey: SECRET_KEY, ...options });
    cleanups.push(() => server.stop());
    return server;
  };
  if (kind === 'sqlite') {
    const server = await start({});
    return [server, server];
  }
  const schema = await freshSchema();
  cleanups.push(() => schema.drop());
  return [await start({ databaseUrl: schema.url }), await start({ databaseUrl: schema.url })];
}

describe.each(['sqlite', 'postgres'] as const)('presence over SSE on %s', (kind) => {
  it('names who has a workflow open, tells of their saves, and forgets a session that closes', async () => {
    const [a, b] = await serversOn(kind);
    await json(a, '/api/workflows/shared', { method: 'PUT', body: doc('one') });
    if (b !== a) {
      for (let i = 0; i < 200 && (await json(b, '/api/workflows/shared')).status !== 200; i++) await new Promise((r) => setTimeout(r, 25));
    }
    const ada = await open(a, 'shared', 'session-ada-1', 'Ada');
    expect(names(await ada.until('presence'))).toEqual(['Ada']);
    const grace = await open(b, 'shared', 'session-grace-1', 'Grace');
    expect(names(await grace.until('presence', (e) => e.data.sessions.length === 2))).toEqual(['Ada', 'Grace']);
    expect(names(await ada.until('presence', (e) => e.data.sessions.length === 2))).toEqual(['Ada', 'Grace']);

    const saved = await json(b, '/api/workflows/shared', { method: 'PUT', body: doc('two') });
    // A notice of the first save may still be on its way across servers: wait for this save's.
    const notice = await ada.until('saved', (e) => e.data.revision === saved.body?.revision);
    expect(notice.data.revision).toBe(saved.body?.revision);

    grace.close();
    expect(names(await ada.until('presence', (e) => e.data.sessions.length === 1))).toEqual(['Ada']);
  });
});

describe('the presence stream', () => {
  it('refuses an unknown workflow and a session without a name', async () => {
    const server = await testServer({ seed: false });
    cleanups.push(() => server.stop());
    expect((await fetch(`${server.url}/api/workflows/none/presence?session=session-x-1&name=X`)).status).toBe(404);
    await json(server, '/api/workflows/w', { method: 'PUT', body: doc('x') });
    const nameless = await json(server, '/api/workflows/w/presence?session=session-x-1');
    expect(nameless.status).toBe(400);
    expect(JSON.stringify(nameless.body?.error)).toContain('name');
  });
});
