import { randomBytes } from 'node:crypto';
import { freshSchema, type ServerProcess, spawnServer, stopServer, tempDir } from '@pattern/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { chatWorkflow } from './helpers/chat.ts';
import { connect, type TestClient, wsUrl } from './helpers/clients.ts';

/** Every server on one database shares the key secrets are encrypted with. */
const SECRET_KEY = randomBytes(32).toString('hex');
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function server(databaseUrl: string): Promise<ServerProcess> {
  const dir = tempDir();
  const spawned = await spawnServer(
    dir,
    { dataDir: dir, mods: ['@pattern/mod-realtime'] },
    { PATTERN_DATABASE_URL: databaseUrl, PATTERN_SECRET_KEY: SECRET_KEY },
  );
  cleanups.push(() => stopServer(spawned, 'SIGKILL'));
  return spawned;
}

async function client(url: string): Promise<TestClient> {
  const opened = await connect(url);
  cleanups.push(() => opened.socket.terminate());
  return opened;
}

async function post(base: string, path: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return (await response.json()) as Record<string, unknown>;
}

async function invoke(base: string, op: string, inputs: unknown): Promise<Record<string, unknown>> {
  const run = (await post(base, `/api/ops/${op}/invoke`, { inputs })) as { nodes: Record<string, { outputs?: Record<string, unknown> }> };
  return Object.values(run.nodes)[0]?.outputs ?? {};
}

type Listing = { servers: Array<{ server: string; connections: Array<{ id: string; rooms: string[] }> }> };

async function listing(base: string): Promise<Listing> {
  return (await (await fetch(`${base}/api/realtime/connections`)).json()) as Listing;
}

describe('realtime across servers on one PostgreSQL schema', () => {
  it('delivers a broadcast and a send from a run on B to a client connected to A, large ones too', async () => {
    const schema = await freshSchema();
    cleanups.push(() => schema.drop());
    const a = await server(schema.url);
    const b = await server(schema.url);
    const saved = await fetch(`${a.url}/api/workflows/chat`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(chatWorkflow('/chat')),
    });
    expect(saved.status).toBe(201);
    const ada = await client(wsUrl(a.url, '/chat'));
    // The open run on A joins the room; B sees the membership through the database.
    let id = '';
    for (;;) {
      const seen = (await listing(b.url)).servers.flatMap((s) => s.connections).find((c) => c.rooms.includes('lobby'));
      if (seen) {
        id = seen.id;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const broadcast = (await post(b.url, '/api/runs', {
      workflow: { nodes: [{ id: 'say', op: 'ws.broadcast', config: { room: 'lobby', data: { from: 'B', text: 'hello from B' } } }], edges: [] },
    })) as { status: string };
    expect(broadcast.status).toBe('ok');
    expect(JSON.parse(await ada.next())).toEqual({ from: 'B', text: 'hello from B' });

    expect(await invoke(b.url, 'ws.send', { connection: id, data: 'direct' })).toEqual({ ok: true });
    expect(await ada.next()).toBe('direct');

    const big = 'z'.repeat(20_000);
    expect(await invoke(b.url, 'ws.send', { connection: id, data: big })).toEqual({ ok: true });
    expect(await ada.next()).toBe(big);

    expect(await invoke(b.url, 'ws.close', { connection: id, code: 4000, reason: 'bye' })).toEqual({ ok: true });
    expect(await ada.closed).toEqual({ code: 4000, reason: 'bye' });
    for (;;) {
      if (!(await listing(b.url)).servers.some((s) => s.connections.some((c) => c.id === id))) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(await invoke(b.url, 'ws.send', { connection: id, data: 'anyone?' })).toEqual({ ok: false });
  }, 120_000);

  it('forgets the connections and rooms of a server that stops', async () => {
    const schema = await freshSchema();
    cleanups.push(() => schema.drop());
    const a = await server(schema.url);
    const b = await server(schema.url);
    await fetch(`${a.url}/api/workflows/chat`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(chatWorkflow('/chat')),
    });
    await client(wsUrl(a.url, '/chat'));
    let id = '';
    for (;;) {
      const seen = (await listing(b.url)).servers.flatMap((s) => s.connections)[0];
      if (seen) {
        id = seen.id;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await stopServer(a);
    expect((await listing(b.url)).servers.flatMap((s) => s.connections)).toEqual([]);
    expect(await invoke(b.url, 'ws.join', { connection: id, room: 'lobby' })).toEqual({ ok: false });
  }, 120_000);
});
