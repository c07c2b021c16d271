import { freshSchema, type ServerProcess, spawnServer, stopServer, TEST_SECRET_KEY, tempDir } from '@pattern/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { chatWorkflow } from './helpers/chat.ts';
import { connect, wsUrl } from './helpers/clients.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A server on the shared schema that counts another as dead two seconds after its last heartbeat. */
async function server(databaseUrl: string): Promise<ServerProcess> {
  const dir = tempDir();
  const spawned = await spawnServer(
    dir,
    { dataDir: dir, mods: ['@pattern/mod-realtime'], options: { realtime: { serverTimeoutMs: 2000 } } },
    { PATTERN_DATABASE_URL: databaseUrl, PATTERN_SECRET_KEY: TEST_SECRET_KEY },
  );
  cleanups.push(() => stopServer(spawned, 'SIGKILL'));
  return spawned;
}

type Listing = { servers: Array<{ server: string; connections: Array<{ id: string; rooms: string[] }> }> };

async function othersOf(base: string): Promise<Listing['servers']> {
  const { servers } = (await (await fetch(`${base}/api/realtime/connections`)).json()) as Listing;
  return servers.slice(1);
}

const pause = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('a server that dies', () => {
  it('leaves the other servers’ listings, with its connections and rooms, once its heartbeat is stale', async () => {
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
    const ada = await connect(wsUrl(a.url, '/chat'));
    cleanups.push(() => ada.socket.terminate());
    let id = '';
    while (!id) {
      const seen = (await othersOf(b.url)).flatMap((s) => s.connections).find((c) => c.rooms.includes('lobby'));
      if (seen) id = seen.id;
      else await pause();
    }

    // SIGKILL: no stop runs, so A's rows stay until B counts A as dead.
    await stopServer(a, 'SIGKILL');
    while ((await othersOf(b.url)).length > 0) await pause();
    expect((await othersOf(b.url)).flatMap((s) => s.connections)).toEqual([]);
    const join = (await (
      await fetch(`${b.url}/api/ops/ws.join/invoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ inputs: { connection: id, room: 'lobby' } }),
      })
    ).json()) as { nodes: Record<string, { outputs?: Record<string, unknown> }> };
    expect(Object.values(join.nodes)[0]?.outputs).toEqual({ ok: false });
  }, 120_000);

  it('refuses a timeout under a second at start, naming the option', async () => {
    const dir = tempDir();
    await expect(spawnServer(dir, { dataDir: dir, mods: ['@pattern/mod-realtime'], options: { realtime: { serverTimeoutMs: 10 } } })).rejects.toThrow(
      /serverTimeoutMs/,
    );
  }, 60_000);
});
