import { freshSchema, stopServer } from '@pattern/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { type Cleanups, chatInLobby, clusterServer, listing } from './helpers/cluster.ts';

const cleanups: Cleanups = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function post(base: string, path: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return (await response.json()) as Record<string, unknown>;
}

async function invoke(base: string, op: string, inputs: unknown): Promise<Record<string, unknown>> {
  const run = (await post(base, `/api/ops/${op}/invoke`, { inputs })) as { nodes: Record<string, { outputs?: Record<string, unknown> }> };
  return Object.values(run.nodes)[0]?.outputs ?? {};
}

describe('realtime across servers on one PostgreSQL schema', () => {
  it('delivers a broadcast and a send from a run on B to a client connected to A, large ones too', async () => {
    const schema = await freshSchema();
    cleanups.push(() => schema.drop());
    const a = await clusterServer(schema.url, cleanups);
    const b = await clusterServer(schema.url, cleanups);
    // The open run on A joins the room; B sees the membership through the database.
    const { client: ada, id } = await chatInLobby(a, b, cleanups);
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
    const a = await clusterServer(schema.url, cleanups);
    const b = await clusterServer(schema.url, cleanups);
    const { id } = await chatInLobby(a, b, cleanups);
    await stopServer(a);
    expect((await listing(b.url)).servers.flatMap((s) => s.connections)).toEqual([]);
    expect(await invoke(b.url, 'ws.join', { connection: id, room: 'lobby' })).toEqual({ ok: false });
  }, 120_000);
});
