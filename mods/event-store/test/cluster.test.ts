import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freshSchema, spawnServer } from '@pattern/testing';
import { afterEach, describe, expect, it } from 'vitest';

const fixtures = fileURLToPath(new URL('./fixtures', import.meta.url));

interface Server {
  name: string;
  url: string;
  child: ChildProcess;
  output(): string;
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A real server process (`apps/server/src/main.ts`) on its own port, on the shared database. */
async function startServer(name: string, databaseUrl: string, record: string): Promise<Server> {
  const dataDir = mkdtempSync(join(tmpdir(), `pattern-cluster-${name}-`));
  const server = await spawnServer(
    dataDir,
    {
      dataDir,
      mods: [join(fixtures, 'cluster-events.ts'), join(fixtures, 'cluster-recorder.ts')],
      options: { 'event-store': { pollMs: 50, retryDelayMs: 10 } },
    },
    { PATTERN_DATABASE_URL: databaseUrl, SERVER_NAME: name, EVENTS_RECORD: record },
  );
  const { child, url, output } = server;
  cleanups.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });
  return { name, url, child, output };
}

async function call(server: Server, path: string, init: { method?: string; body?: unknown } = {}): Promise<any> {
  const response = await fetch(`${server.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { 'content-type': 'application/json' },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  }).catch((error: Error) => {
    // Whether the server died or only closed the connection tells a crash from a network hiccup.
    const { exitCode, signalCode } = server.child;
    const state = exitCode === null && signalCode === null ? 'still running' : `exited (${exitCode ?? signalCode})`;
    throw new Error(
      `${init.method ?? 'GET'} ${path} on ${server.name}: ${error.message} (${String(error.cause)}); the server ${state}; it wrote:\n${server.output().slice(-3000)}`,
    );
  });
  const body = await response.json();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path} on ${server.name}: ${response.status} ${JSON.stringify(body)}`);
  return body;
}

/** Runs `count` tasks, `width` at a time. */
async function concurrently(count: number, width: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

async function waitFor<T>(probe: () => Promise<T | undefined | false> | T | undefined | false, what: string, ms = 30_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** `consumer server eventId` lines written by the projection and the workflow. */
function records(file: string): Array<{ consumer: string; server: string; event: string }> {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [consumer = '', server = '', event = ''] = line.split(' ');
      return { consumer, server, event };
    });
}

const tick = (server: Server, stream: string, n: number, delayMs?: number) =>
  call(server, `/test/append/Counter/${stream}`, {
    method: 'POST',
    body: { events: [{ type: 'Ticked', payload: { n, ...(delayMs !== undefined ? { delayMs } : {}) } }] },
  });

const consumerStates = async (server: Server) => {
  const { projections } = (await call(server, '/api/events/projections')) as { projections: Array<{ name: string; state: string }> };
  return Object.fromEntries(projections.map((p) => [p.name, p.state]));
};

describe('several servers on one PostgreSQL database', () => {
  it('share the log with contiguous versions and no gaps, handle each event once, and take over from a server killed mid-load', async () => {
    const schema = await freshSchema('events_cluster');
    cleanups.push(schema.drop);
    const record = join(mkdtempSync(join(tmpdir(), 'pattern-cluster-')), 'record.log');
    cleanups.push(() => rmSync(join(record, '..'), { recursive: true, force: true }));

    // A starts first and takes both consumers; B stands by for them.
    const a = await startServer('a', schema.url, record);
    await call(a, '/api/workflows/ticks', {
      method: 'PUT',
      body: {
        name: 'Record ticks',
        nodes: [
          { id: 'on', op: 'events.on', config: { types: ['Ticked'] } },
          { id: 'record', op: 'test.record' },
        ],
        edges: [{ from: { node: 'on', port: 'event' }, to: { node: 'record', port: 'event' } }],
      },
    });
    await waitFor(async () => {
      const states = await consumerStates(a);
      return states['projection:recorder'] === 'running' && states['workflow:ticks'] === 'running';
    }, 'server a to follow the projection and the workflow');
    const b = await startServer('b', schema.url, record);
    await waitFor(async () => {
      const states = await consumerStates(b);
      return states['projection:recorder'] === 'standby' && states['workflow:ticks'] === 'standby';
    }, 'server b to stand by');

    // 1,000 concurrent appends to 10 streams, split across both servers.
    const servers = [a, b];
    await concurrently(1000, 40, (i) => tick(servers[i % 2] as Server, `c${i % 10}`, i));
    for (let s = 0; s < 10; s++) {
      const stream = await call(servers[s % 2] as Server, `/api/events/streams/Counter/c${s}`);
      expect(stream.events.map((e: { version: number }) => e.version)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    }
    const all = await call(b, '/api/events?limit=1000');
    const ids: string[] = all.events.map((e: { id: string }) => e.id);
    expect(all.events.map((e: { position: number }) => e.position)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));

    await waitFor(() => records(record).length >= 2000, 'every event to be recorded by the projection and the workflow', 45_000);
    const first = records(record);
    for (const consumer of ['projection', 'workflow']) {
      const seen = first.filter((r) => r.consumer === consumer);
      expect(seen.map((r) => r.event)).toEqual(ids);
      expect(new Set(seen.map((r) => r.server))).toEqual(new Set(['a']));
    }

    // Load again, with handlers slow enough to be caught half-way, and kill A with SIGKILL while its
    // consumers are in the middle of it: B takes over from the checkpoints.
    const load = concurrently(300, 20, (i) => tick(b, `c${i % 10}`, 1000 + i, 5));
    const handled = (consumer: string) => records(record).filter((r) => r.consumer === consumer).length;
    await waitFor(() => handled('workflow') >= 1050 && handled('projection') >= 1050, 'a to be half-way');
    a.child.kill('SIGKILL');
    await load;
    await waitFor(async () => {
      const states = await consumerStates(b);
      return states['projection:recorder'] === 'running' && states['workflow:ticks'] === 'running';
    }, 'server b to take over');
    const later = (await call(b, '/api/events?after=1000&limit=1000')).events.map((e: { id: string }) => e.id) as string[];
    expect(later).toHaveLength(300);
    await waitFor(
      () =>
        ['projection', 'workflow'].every(
          (c) =>
            new Set(
              records(record)
                .filter((r) => r.consumer === c)
                .map((r) => r.event),
            ).size === 1300,
        ),
      'b to handle what a left',
    );
    const after = records(record).slice(first.length);
    for (const consumer of ['projection', 'workflow']) {
      const seen = after.filter((r) => r.consumer === consumer);
      // Every event once, in order, except at most the one in flight when A died, handled again by B.
      const unique = seen.map((r) => r.event).filter((id, i, list) => list.indexOf(id) === i);
      expect(unique).toEqual(later);
      expect(seen.length - unique.length).toBeLessThanOrEqual(1);
      expect(seen.filter((r) => r.server === 'b').length).toBeGreaterThan(50);
      expect(seen[seen.length - 1]?.server).toBe('b');
    }
  }, 120_000);
});
