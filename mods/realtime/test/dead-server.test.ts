import { freshSchema, spawnServer, stopServer, tempDir } from '@pattern/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { type Cleanups, chatInLobby, clusterServer, type Listing, listing } from './helpers/cluster.ts';

const cleanups: Cleanups = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function othersOf(base: string): Promise<Listing['servers']> {
  return (await listing(base)).servers.slice(1);
}

const pause = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('a server that dies', () => {
  it('leaves the other servers’ listings, with its connections and rooms, once its heartbeat is stale', async () => {
    const schema = await freshSchema();
    cleanups.push(() => schema.drop());
    // Each counts another as dead two seconds after its last heartbeat.
    const a = await clusterServer(schema.url, cleanups, { serverTimeoutMs: 2000 });
    const b = await clusterServer(schema.url, cleanups, { serverTimeoutMs: 2000 });
    const { id } = await chatInLobby(a, b, cleanups);

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
