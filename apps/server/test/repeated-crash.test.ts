import type { ChildProcess } from 'node:child_process';
import { freshSchema, type ServerProcess, spawnServer, tempDir } from '@pattern/testing';
import { describe, expect, it } from 'vitest';

/**
 * A real server killed with SIGKILL again and again while clients call a workflow route, start
 * runs and wait for them, put documents and append events; after each restart on the same data,
 * everything a client was answered with a 2xx is there: every run (settled, as answered), every
 * document, every event.
 */

const ROUTE_CLIENTS = 3;
const RUN_CLIENTS = 2;
const DOC_CLIENTS = 2;
const APPEND_CLIENTS = 2;

const echo = {
  nodes: [
    { id: 'in', op: 'flow.input' },
    { id: 'out', op: 'flow.output' },
  ],
  edges: [{ from: { node: 'in', port: 'value' }, to: { node: 'out', port: 'value' } }],
};

interface Acknowledged {
  /** Run id → its status and output as answered. */
  runs: Map<string, { status: string; output?: unknown }>;
  docs: Map<string, { round: number; n: number }>;
  /** Stream id → the event numbers whose append was answered. */
  appends: Map<string, number[]>;
}

async function request(url: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: text.startsWith('{') ? JSON.parse(text) : null };
}

/** Clients that keep writing until the server dies; only complete 2xx answers count as acknowledged. */
function load(url: string, round: number, seen: Acknowledged): { counts: () => number[]; done: Promise<void> } {
  const counts = new Array(4).fill(0);
  const loop = async (kind: number, step: (n: number) => Promise<boolean>) => {
    for (let n = 0; ; n++) {
      const acknowledged = await step(n).catch(() => undefined);
      if (acknowledged === undefined) return;
      if (acknowledged) counts[kind]++;
    }
  };
  const loops: Promise<void>[] = [];
  for (let c = 0; c < ROUTE_CLIENTS; c++) {
    loops.push(
      loop(0, async (n) => {
        const res = await request(url, 'GET', `/hello/r${round}c${c}n${n}`);
        if (res.status !== 200) return false;
        seen.runs.set(res.headers.get('x-pattern-run-id') as string, { status: 'ok' });
        return true;
      }),
    );
  }
  for (let c = 0; c < RUN_CLIENTS; c++) {
    loops.push(
      loop(1, async (n) => {
        const res = await request(url, 'POST', '/api/runs', { workflow: echo, input: { round, c, n }, wait: true });
        if (res.status !== 200) return false;
        seen.runs.set(res.body.id, { status: res.body.status, output: res.body.output });
        return true;
      }),
    );
  }
  for (let c = 0; c < DOC_CLIENTS; c++) {
    loops.push(
      loop(2, async (n) => {
        const id = `r${round}c${c}n${n}`;
        const res = await request(url, 'PUT', `/api/store/collections/crash/docs/${id}`, { round, n });
        if (res.status !== 200) return false;
        seen.docs.set(id, { round, n });
        return true;
      }),
    );
  }
  for (let c = 0; c < APPEND_CLIENTS; c++) {
    const stream = `r${round}c${c}`;
    const numbers: number[] = [];
    seen.appends.set(stream, numbers);
    let version = 0;
    loops.push(
      loop(3, async (n) => {
        const res = await request(url, 'POST', '/api/ops/events.append/invoke', {
          inputs: {
            aggregateType: 'Crash',
            aggregateId: stream,
            events: [{ id: `${stream}-${n}`, type: 'Tick', payload: { n } }],
            expectedVersion: version === 0 ? 'no_stream' : version,
          },
        });
        if (res.status !== 200 || res.body.status !== 'ok' || res.body.output?.ok !== true) return false;
        seen.runs.set(res.body.id, { status: 'ok', output: res.body.output });
        numbers.push(n);
        version++;
        return true;
      }),
    );
  }
  return { counts: () => counts, done: Promise.all(loops).then(() => undefined) };
}

/** Every acknowledged write is there, on the restarted server. */
async function verify(url: string, seen: Acknowledged): Promise<void> {
  const runs = [...seen.runs];
  for (let i = 0; i < runs.length; i += 32) {
    await Promise.all(
      runs.slice(i, i + 32).map(async ([id, answered]) => {
        const res = await request(url, 'GET', `/api/runs/${id}`);
        expect(res.status, id).toBe(200);
        expect(res.body, id).toMatchObject(answered);
      }),
    );
  }
  const docs = [...seen.docs];
  for (let i = 0; i < docs.length; i += 32) {
    await Promise.all(
      docs.slice(i, i + 32).map(async ([id, data]) => {
        const res = await request(url, 'GET', `/api/store/collections/crash/docs/${id}`);
        expect(res.status, id).toBe(200);
        expect(res.body.data, id).toEqual(data);
      }),
    );
  }
  for (const [stream, numbers] of seen.appends) {
    const res = await request(url, 'GET', `/api/events/streams/Crash/${stream}?from=1&limit=1000`);
    if (numbers.length === 0) continue;
    expect(res.status, stream).toBe(200);
    const stored = (res.body.events as Array<{ payload: { n: number } }>).map((event) => event.payload.n);
    expect(stored.slice(0, numbers.length), stream).toEqual(numbers);
  }
}

function exited(child: ChildProcess): Promise<unknown> {
  return new Promise((resolve) => child.once('exit', resolve));
}

async function crashRounds(rounds: number, env: Record<string, string>): Promise<void> {
  const dataDir = tempDir('pattern-crashes-');
  const config = { dataDir, mods: ['@pattern/mod-store', '@pattern/mod-event-store'], runs: { keep: 1_000_000 } };
  const all: Acknowledged = { runs: new Map(), docs: new Map(), appends: new Map() };
  let server: ServerProcess = await spawnServer(dataDir, config, env);
  for (let round = 0; round < rounds; round++) {
    const seen: Acknowledged = { runs: new Map(), docs: new Map(), appends: new Map() };
    const clients = load(server.url, round, seen);
    // Kill once every kind of write has been answered a few times, at a moment that varies by round.
    while (clients.counts().some((count) => count < 10)) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, (round * 37) % 150));
    const dead = exited(server.child);
    server.child.kill('SIGKILL');
    await dead;
    await clients.done;
    server = await spawnServer(dataDir, config, env);
    await verify(server.url, seen);
    for (const [id, run] of seen.runs) all.runs.set(id, run);
    for (const [id, doc] of seen.docs) all.docs.set(id, doc);
    for (const [stream, numbers] of seen.appends) all.appends.set(stream, numbers);
  }
  try {
    // Later crashes took nothing away from what earlier rounds wrote.
    await verify(server.url, all);
    expect(all.runs.size).toBeGreaterThan(rounds * 40);
  } finally {
    const stopped = exited(server.child);
    server.child.kill('SIGTERM');
    await stopped;
  }
}

describe('repeated crashes under load', () => {
  it('loses no acknowledged run, document or event over 10 kills on SQLite', async () => {
    await crashRounds(10, {});
  }, 120_000);

  it('loses no acknowledged run, document or event over 3 kills on PostgreSQL', async () => {
    const schema = await freshSchema();
    try {
      await crashRounds(3, { PATTERN_DATABASE_URL: schema.url });
    } finally {
      await schema.drop();
    }
  }, 120_000);
});
