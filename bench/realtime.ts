import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket, WebSocketServer } from 'ws';
import { startServer } from '../apps/server/src/index.ts';
import { realtimeMod } from '../mods/realtime/src/index.ts';
import { type BenchRow, type BenchSuite, QUICK, spread } from './harness.ts';

const CONNECTIONS = 1000;
const ROUNDS = QUICK ? 50 : 300;

/** A fan-out round: one message to every connection, timed from the send until each client has it. */
interface Fleet {
  sockets: WebSocket[];
  /** Resolves once every client has the message stamped `round`. */
  arrived(round: number): Promise<void>;
  latencies: number[];
}

async function fleet(url: string): Promise<Fleet> {
  const latencies: number[] = [];
  let waiting: { round: number; left: number; resolve: () => void } | undefined;
  const sockets = await Promise.all(
    Array.from(
      { length: CONNECTIONS },
      () =>
        new Promise<WebSocket>((resolve, reject) => {
          const socket = new WebSocket(url);
          socket.on('message', (data) => {
            const { round, at } = JSON.parse(data.toString()) as { round: number; at: number };
            latencies.push(performance.now() - at);
            if (waiting?.round === round && --waiting.left === 0) waiting.resolve();
          });
          socket.once('open', () => resolve(socket));
          socket.once('error', reject);
        }),
    ),
  );
  return {
    sockets,
    latencies,
    arrived: (round) =>
      new Promise((resolve) => {
        waiting = { round, left: CONNECTIONS, resolve };
      }),
  };
}

/** Rounds of fan-out, one after the other: deliveries per second and the spread of delivery latency. */
async function measure(clients: Fleet, send: (frame: string) => unknown): Promise<{ rate: number; p50: number; p99: number; max: number }> {
  const round = async (n: number) => {
    const arrived = clients.arrived(n);
    await send(JSON.stringify({ round: n, at: performance.now() }));
    await arrived;
  };
  for (let n = -20; n < 0; n++) await round(n);
  clients.latencies.length = 0;
  const started = performance.now();
  for (let n = 0; n < ROUNDS; n++) await round(n);
  const rate = (ROUNDS * CONNECTIONS * 1000) / (performance.now() - started);
  const { median, p99, max } = spread(clients.latencies);
  return { rate, p50: median, p99, max };
}

async function bare(): Promise<{ rate: number; p50: number; p99: number; max: number }> {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const clients = await fleet(`ws://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  const result = await measure(clients, (frame) => {
    const bytes = Buffer.from(frame);
    for (const client of server.clients) client.send(bytes, { binary: false });
  });
  for (const socket of clients.sockets) socket.terminate();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return result;
}

async function pattern(): Promise<{ rate: number; p50: number; p99: number; max: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pattern-bench-realtime-'));
  const server = await startServer({
    quiet: true,
    seed: false,
    dataDir,
    mods: [realtimeMod],
    modOptions: { realtime: { maxConnectionsPerAddress: CONNECTIONS * 2, maxMessagesPerSecond: 100_000 } },
  });
  const edge = (from: string, fromPort: string, to: string, toPort: string) => ({
    from: { node: from, port: fromPort },
    to: { node: to, port: toPort },
  });
  await server.engine.workflows.save('fanout', {
    nodes: [
      { id: 'route', op: 'ws.route', config: { path: '/fanout' } },
      { id: 'id', op: 'object.get', config: { path: 'connection' } },
      { id: 'join', op: 'ws.join', config: { room: 'all' } },
    ],
    edges: [edge('route', 'open', 'id', 'object'), edge('id', 'value', 'join', 'connection')],
  });
  const realtime = server.engine.services.get('realtime');
  const clients = await fleet(`ws://127.0.0.1:${server.port}/fanout`);
  // Every open run has joined the room before the rounds start.
  while (realtime.hub.list().filter((c) => c.rooms.length > 0).length < CONNECTIONS) await new Promise((resolve) => setTimeout(resolve, 10));
  const plan = server.engine.compile({
    nodes: [
      { id: 'in', op: 'flow.input' },
      { id: 'say', op: 'ws.broadcast', config: { room: 'all' } },
    ],
    edges: [edge('in', 'value', 'say', 'data')],
  });
  // One run per message, as a workflow that pushes would start: the run's own cost is in the figure.
  const result = await measure(clients, (frame) => server.engine.run({ plan, input: frame }));
  for (const socket of clients.sockets) socket.terminate();
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
  return result;
}

/** `ws.broadcast` to 1,000 connections of one server against a bare `ws` server writing the same frames in the same run. */
export const realtimeBench: BenchSuite = async () => {
  const baseline = await bare();
  const ours = await pattern();
  const rows: BenchRow[] = [
    {
      group: 'realtime',
      name: `ws.broadcast fan-out to ${CONNECTIONS} connections (one run per message)`,
      value: ours.rate,
      unit: 'deliveries/s',
      baseline: baseline.rate,
      baselineName: 'bare ws',
      ratio: ours.rate / baseline.rate,
      target: '≥ 50% of bare ws',
      met: ours.rate >= baseline.rate / 2,
    },
    {
      group: 'realtime',
      name: 'delivery latency, send to the last of the room',
      value: ours.p50,
      unit: 'ms',
      p99: ours.p99,
      max: ours.max,
      baseline: baseline.p99,
      baselineName: 'bare ws p99',
      ratio: ours.p99 / baseline.p99,
    },
  ];
  return rows;
};
