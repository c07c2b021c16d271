import { testServer } from '@pattern/testing/server';
import { afterEach, describe, expect, it } from 'vitest';
import realtimeMod from '../src/index.ts';
import { chatWorkflow } from './helpers/chat.ts';
import { connect, refusedWith, type TestClient, wsUrl } from './helpers/clients.ts';

type Server = Awaited<ReturnType<typeof testServer>>;
const servers: Server[] = [];
const clients: TestClient[] = [];
const TOKEN = 'a-test-admin-token-of-at-least-32-characters';

afterEach(async () => {
  for (const client of clients.splice(0)) client.socket.terminate();
  for (const server of servers.splice(0)) await server.stop();
});

async function start(options: Record<string, unknown> = {}, adminToken?: string): Promise<Server> {
  const server = await testServer({ mods: [realtimeMod], seed: false, modOptions: { realtime: options }, ...(adminToken ? { adminToken } : {}) });
  servers.push(server);
  return server;
}

async function save(server: Server, id: string, workflow: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.url}/api/workflows/${id}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(workflow),
  });
}

async function open(url: string, options = {}): Promise<TestClient> {
  const client = await connect(url, options);
  clients.push(client);
  return client;
}

async function runCount(server: Server, workflowId: string): Promise<number> {
  const { runs } = (await (await fetch(`${server.url}/api/runs?workflowId=${workflowId}&limit=100`)).json()) as { runs: unknown[] };
  return runs.length;
}

const errorCode = (frame: string) => (JSON.parse(frame) as { error?: { code?: string } }).error?.code;

describe('what a connection may send', () => {
  it('answers a message that breaks messageSchema, and a binary one, with an error frame and starts no run', async () => {
    const server = await start();
    await save(server, 'chat', chatWorkflow('/chat'));
    const client = await open(wsUrl(server.url, '/chat'));
    client.send({ text: 'no name' });
    expect(errorCode(await client.next())).toBe('invalid_message');
    client.socket.send(Buffer.from([1, 2, 3]), { binary: true });
    expect(errorCode(await client.next())).toBe('binary_not_accepted');
    client.send('{"name":"Ada","text":"still open"}');
    // The open run and this message's run: the refused messages started none.
    for (;;) if ((await runCount(server, 'chat')) >= 2) break;
    expect(await runCount(server, 'chat')).toBe(2);
  });

  it('closes a connection that sends invalid UTF-8 (1007) or a frame over maxMessageBytes (1009)', async () => {
    const server = await start({ maxMessageBytes: 1024 });
    await save(server, 'chat', chatWorkflow('/chat'));
    const garbled = await open(wsUrl(server.url, '/chat'));
    garbled.socket.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    expect((await garbled.closed).code).toBe(1007);
    const huge = await open(wsUrl(server.url, '/chat'));
    huge.send('x'.repeat(64 * 1024));
    expect((await huge.closed).code).toBe(1009);
    const fine = await open(wsUrl(server.url, '/chat'));
    expect(fine.socket.readyState).toBe(fine.socket.OPEN);
  });

  it('closes a connection that sends more than maxMessagesPerSecond with an error frame and 1008', async () => {
    const server = await start({ maxMessagesPerSecond: 5 });
    await save(server, 'chat', chatWorkflow('/chat'));
    const client = await open(wsUrl(server.url, '/chat'));
    for (let i = 0; i < 50; i++) client.send({ name: 'Flood', text: String(i) });
    expect(errorCode(await client.next((frame) => frame.includes('rate_limited')))).toBe('rate_limited');
    expect((await client.closed).code).toBe(1008);
  });

  it('drops a client that never reads once its queue passes maxBufferedBytes, and the server goes on', async () => {
    const server = await start({ maxBufferedBytes: 64 * 1024 });
    await save(server, 'chat', chatWorkflow('/chat'));
    const reader = await open(wsUrl(server.url, '/chat'));
    const stalled = await open(wsUrl(server.url, '/chat'));
    const realtime = server.engine.services.get('realtime');
    for (;;) if (realtime.hub.size === 2) break;
    const [stalledId] = realtime.hub
      .list()
      .map((c) => c.id)
      .slice(-1);
    // The client stops reading: what the server writes piles up in the kernel's buffers, then in `bufferedAmount`.
    (stalled.socket as unknown as { _socket: { pause(): void } })._socket.pause();
    const chunk = 'y'.repeat(32 * 1024);
    let ok = true;
    for (let i = 0; i < 10_000 && ok; i++) {
      ok = (await realtime.send({ connection: stalledId as string, data: chunk })).ok;
      if (i % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    expect(ok).toBe(false);
    while (realtime.hub.get(stalledId as string)) await new Promise((resolve) => setImmediate(resolve));
    expect((await realtime.send({ connection: stalledId as string, data: 'gone?' })).ok).toBe(false);
    reader.send({ name: 'Ada', text: 'still here' });
    expect(reader.socket.readyState).toBe(reader.socket.OPEN);
  });
});

describe('keeping connections alive', () => {
  it('pings every connection and drops one that stopped answering, while one that answers stays', async () => {
    const server = await start({ pingIntervalMs: 1000 });
    await save(server, 'chat', chatWorkflow('/chat'));
    const answering = await open(wsUrl(server.url, '/chat'));
    const dead = await open(wsUrl(server.url, '/chat'), { autoPong: false });
    let pings = 0;
    answering.socket.on('ping', () => pings++);
    expect((await dead.closed).code).toBe(1006);
    expect(pings).toBeGreaterThan(0);
    expect(answering.socket.readyState).toBe(answering.socket.OPEN);
  });
});

describe('who may connect', () => {
  it('refuses pages of other origins unless allowedOrigins lists them', async () => {
    const server = await start({ allowedOrigins: ['https://app.example.com'] });
    await save(server, 'chat', chatWorkflow('/chat'));
    expect(await refusedWith(wsUrl(server.url, '/chat'), { origin: 'https://evil.example.com' })).toBe(403);
    await open(wsUrl(server.url, '/chat'), { origin: 'https://app.example.com' });
    await open(wsUrl(server.url, '/chat'), { origin: `http://127.0.0.1:${server.port}` });
  });

  it('refuses connections beyond maxConnectionsPerAddress with 429', async () => {
    const server = await start({ maxConnectionsPerAddress: 2 });
    await save(server, 'chat', chatWorkflow('/chat'));
    await open(wsUrl(server.url, '/chat'));
    await open(wsUrl(server.url, '/chat'));
    expect(await refusedWith(wsUrl(server.url, '/chat'))).toBe(429);
  });

  it('counts handshakes under way, so a burst cannot pass maxConnectionsPerAddress, and frees the places of those that left', async () => {
    const server = await start({ maxConnectionsPerAddress: 3 });
    await save(server, 'chat', chatWorkflow('/chat'));
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, () =>
        connect(wsUrl(server.url, '/chat')).then(
          (client) => {
            clients.push(client);
            return 'open';
          },
          () => 'refused',
        ),
      ),
    );
    expect(outcomes.filter((o) => o === 'open')).toHaveLength(3);
    for (const client of clients.splice(0)) {
      client.socket.close();
      await client.closed;
    }
    const realtime = server.engine.services.get('realtime');
    while (realtime.hub.size > 0) await new Promise((resolve) => setImmediate(resolve));
    expect(realtime.hub.connectionsFrom('127.0.0.1')).toBe(0);
    await open(wsUrl(server.url, '/chat'));
  });

  it('needs the admin token for an endpoint with auth: true', async () => {
    const server = await start({}, TOKEN);
    const bearer = { authorization: `Bearer ${TOKEN}` };
    expect((await save(server, 'chat', chatWorkflow('/chat', { auth: true }), bearer)).status).toBe(201);
    expect(await refusedWith(wsUrl(server.url, '/chat'))).toBe(401);
    expect(await refusedWith(wsUrl(server.url, '/chat'), { headers: { authorization: 'Bearer wrong' } })).toBe(401);
    // The workflow answers each client with the headers it was given: the credentials that let the client in are not among them.
    const echo = {
      nodes: [
        { id: 'route', op: 'ws.route', config: { path: '/echo', auth: true } },
        { id: 'id', op: 'object.get', config: { path: 'connection' } },
        { id: 'headers', op: 'object.get', config: { path: 'headers' } },
        { id: 'send', op: 'ws.send' },
      ],
      edges: [
        { from: { node: 'route', port: 'open' }, to: { node: 'id', port: 'object' } },
        { from: { node: 'route', port: 'open' }, to: { node: 'headers', port: 'object' } },
        { from: { node: 'id', port: 'value' }, to: { node: 'send', port: 'connection' } },
        { from: { node: 'headers', port: 'value' }, to: { node: 'send', port: 'data' } },
      ],
    };
    expect((await save(server, 'echo', echo, bearer)).status).toBe(201);
    const client = await open(wsUrl(server.url, '/echo'), { headers: { ...bearer, cookie: 'pattern_session=1.abc; theme=dark' } });
    const headers = JSON.parse(await client.next()) as Record<string, string>;
    expect(headers.authorization).toBeUndefined();
    expect(headers.cookie).toBe('theme=dark');
  });

  it('refuses to save an endpoint on a path Pattern serves itself', async () => {
    const server = await start();
    const response = await save(server, 'sneaky', chatWorkflow('/api/runs'));
    // Saved as a draft with its problems (or refused outright): either way the path is the problem, and nothing serves it.
    const body = (await response.json()) as { problems?: Array<{ path: string }>; error?: { details?: { problems?: Array<{ path: string }> } } };
    const problems = body.problems ?? body.error?.details?.problems ?? [];
    expect(problems.map((p) => p.path)).toContain('nodes[0].config.path');
    expect(await refusedWith(wsUrl(server.url, '/api/runs'))).not.toBe(101);
    expect(server.engine.services.get('realtime').endpoints.match('/api/runs')).toBeUndefined();
  });

  it('refuses connections with 503 while the workflow is paused', async () => {
    const server = await start();
    await save(server, 'chat', chatWorkflow('/chat'));
    const paused = await fetch(`${server.url}/api/workflows/chat/state`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ active: false }),
    });
    expect(paused.status).toBe(200);
    expect(await refusedWith(wsUrl(server.url, '/chat'))).toBe(503);
  });

  it('closes open connections when the server stops, and stopping does not wait for clients', async () => {
    const server = await start();
    await save(server, 'chat', chatWorkflow('/chat'));
    const client = await open(wsUrl(server.url, '/chat'));
    await server.stop();
    servers.splice(servers.indexOf(server), 1);
    expect((await client.closed).code).toBe(1006);
  });

  it('answers a push to a connection that has gone with ok: false', async () => {
    const server = await start();
    const response = await fetch(`${server.url}/api/ops/ws.send/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ inputs: { connection: 'nobody.1', data: 'hi' } }),
    });
    const run = (await response.json()) as { status: string; output?: unknown; nodes: Record<string, { outputs?: unknown }> };
    expect(run.status).toBe('ok');
    expect(JSON.stringify(run)).toContain('"ok":false');
  });
});
