import { type ServerProcess, spawnServer, stopServer, tempDir } from '@pattern/testing';
import { expect } from 'vitest';
import { chatWorkflow } from './chat.ts';
import { connect, type TestClient, wsUrl } from './clients.ts';

export type Cleanups = Array<() => Promise<void> | void>;

export type Listing = { servers: Array<{ server: string; connections: Array<{ id: string; rooms: string[] }> }> };

/** A server with the realtime mod on a shared PostgreSQL schema, killed when the test ends. */
export async function clusterServer(databaseUrl: string, cleanups: Cleanups, realtime: Record<string, unknown> = {}): Promise<ServerProcess> {
  const dir = tempDir();
  const spawned = await spawnServer(
    dir,
    { dataDir: dir, mods: ['@pattern/mod-realtime'], options: { realtime } },
    { PATTERN_DATABASE_URL: databaseUrl },
  );
  cleanups.push(() => stopServer(spawned, 'SIGKILL'));
  return spawned;
}

/** Every server's connections as `base` lists them, its own first. */
export async function listing(base: string): Promise<Listing> {
  return (await (await fetch(`${base}/api/realtime/connections`)).json()) as Listing;
}

/**
 * Saves the chat workflow on `a` and connects a client to it; resolves once `b` lists the
 * connection in the lobby its open run joined, with the connection's id.
 */
export async function chatInLobby(a: ServerProcess, b: ServerProcess, cleanups: Cleanups): Promise<{ client: TestClient; id: string }> {
  const saved = await fetch(`${a.url}/api/workflows/chat`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(chatWorkflow('/chat')),
  });
  expect(saved.status).toBe(201);
  const client = await connect(wsUrl(a.url, '/chat'));
  cleanups.push(() => client.socket.terminate());
  for (;;) {
    const seen = (await listing(b.url)).servers.flatMap((s) => s.connections).find((c) => c.rooms.includes('lobby'));
    if (seen) return { client, id: seen.id };
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
