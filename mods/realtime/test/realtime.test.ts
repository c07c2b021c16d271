import { testServer } from '@pattern/testing/server';
import { afterEach, describe, expect, it } from 'vitest';
import realtimeMod from '../src/index.ts';
import { chatWorkflow } from './helpers/chat.ts';
import { connect, type TestClient, wsUrl } from './helpers/clients.ts';

type Server = Awaited<ReturnType<typeof testServer>>;
const servers: Server[] = [];
const clients: TestClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.socket.terminate();
  for (const server of servers.splice(0)) await server.stop();
});

async function start(options: Record<string, unknown> = {}): Promise<Server> {
  const server = await testServer({ mods: [realtimeMod], seed: false, modOptions: { realtime: options } });
  servers.push(server);
  return server;
}

async function save(server: Server, id: string, workflow: unknown): Promise<Response> {
  return fetch(`${server.url}/api/workflows/${id}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(workflow),
  });
}

async function open(url: string, options = {}): Promise<TestClient> {
  const client = await connect(url, options);
  clients.push(client);
  return client;
}

async function runsOf(
  server: Server,
  workflowId: string,
  count: number,
): Promise<Array<{ trigger: { kind: string; detail?: string }; input: { event: string } }>> {
  for (;;) {
    const { runs } = (await (await fetch(`${server.url}/api/runs?workflowId=${workflowId}&limit=100`)).json()) as { runs: never[] };
    const settled = runs.filter((run: { status: string }) => run.status !== 'running');
    if (settled.length >= count) return settled;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('ws.route', () => {
  it('starts a run for open, for each message and for close, and a broadcast reaches the room', async () => {
    const server = await start();
    expect((await save(server, 'chat', chatWorkflow())).status).toBe(201);
    const ada = await open(wsUrl(server.url, '/chat/lobby?name=Ada'));
    const bob = await open(wsUrl(server.url, '/chat/lobby'));
    await runsOf(server, 'chat', 2);
    ada.send({ name: 'Ada', text: 'hello' });
    expect(JSON.parse(await bob.next())).toEqual({ name: 'Ada', text: 'hello' });
    ada.socket.close(1000, 'bye');
    await ada.closed;
    const runs = await runsOf(server, 'chat', 4);
    expect(runs.map((run) => run.input.event).sort()).toEqual(['close', 'message', 'open', 'open']);
    expect(runs.every((run) => run.trigger.kind === 'ws' && typeof run.trigger.detail === 'string')).toBe(true);
    const opened = runs.find((run) => run.input.event === 'open' && (run.input as { query?: { name?: string } }).query?.name === 'Ada');
    expect(opened?.input).toMatchObject({ params: { room: 'lobby' }, query: { name: 'Ada' } });
    expect(ada.frames).toEqual([]);
  });
});
