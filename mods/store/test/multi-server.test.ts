import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freshSchema, type ServerProcess, spawnServer, tempDir } from '@pattern/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Two real servers, each its own process and port, sharing one PostgreSQL schema. */

const raceMod = fileURLToPath(new URL('./fixtures/race-mod.ts', import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Server = ServerProcess;

function startServer(dataDir: string, databaseUrl: string): Promise<Server> {
  return spawnServer(dataDir, { dataDir, mods: ['@pattern/mod-store', raceMod] }, { PATTERN_DATABASE_URL: databaseUrl });
}

async function call(server: Server, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, any>) : null };
}

const edge = (from: string, fromPort: string, to: string, toPort: string) => ({
  from: { node: from, port: fromPort },
  to: { node: to, port: toPort },
});

const ATTEMPTS = 200;

/** Take the lease, or back off and try again (unrolled: workflows have no cycles). No explicit release: the settle releases it. */
function raceWorkflow(key: string) {
  const nodes: Array<Record<string, unknown>> = [];
  const edges: Array<ReturnType<typeof edge>> = [];
  for (let i = 0; i < ATTEMPTS; i++) {
    nodes.push(
      { id: `acquire${i}`, op: 'store.lease.acquire', config: { ttlMs: 60_000, ...(i === 0 ? { key } : {}) } },
      { id: `hold${i}`, op: 'race.hold' },
      { id: `out${i}`, op: 'flow.output', config: { key: 'token' } },
    );
    edges.push(edge(`acquire${i}`, 'lease', `hold${i}`, 'lease'), edge(`hold${i}`, 'token', `out${i}`, 'value'));
    if (i < ATTEMPTS - 1) {
      nodes.push({ id: `backoff${i}`, op: 'race.backoff', config: { key } });
      edges.push(edge(`acquire${i}`, 'holder', `backoff${i}`, 'holder'), edge(`backoff${i}`, 'key', `acquire${i + 1}`, 'key'));
    }
  }
  return { name: 'Race for one lease', nodes, edges };
}

let schema: Awaited<ReturnType<typeof freshSchema>>;
let serversDir: string;
let a: Server;
let b: Server;

beforeAll(async () => {
  schema = await freshSchema('store_multi');
  serversDir = tempDir();
  [a, b] = await Promise.all([startServer(join(serversDir, 'a'), schema.url), startServer(join(serversDir, 'b'), schema.url)]);
}, 60_000);

afterAll(async () => {
  for (const server of [a, b]) server?.child.kill('SIGKILL');
  await sleep(100);
  await schema?.drop();
});

describe('two servers on one PostgreSQL database', () => {
  it('40 runs racing for one lease across both never have two holders, get increasing tokens, and release on settle', async () => {
    const dir = join(serversDir, 'race');
    mkdirSync(dir);
    const workflow = raceWorkflow('shared');
    const runs = await Promise.all(
      Array.from({ length: 40 }, (_, i) => call(i % 2 === 0 ? a : b, 'POST', '/api/runs', { workflow, input: { dir, holdMs: 3 } })),
    );
    for (const run of runs) {
      expect(run.status).toBe(200);
      expect(run.body?.status, JSON.stringify(run.body?.error)).toBe('ok');
    }
    expect(existsSync(join(dir, 'violations')) ? readFileSync(join(dir, 'violations'), 'utf8') : '').toBe('');
    const history = readFileSync(join(dir, 'history'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => {
        const [runId, token, pid] = line.split(' ');
        return { runId, token: Number(token), pid: Number(pid) };
      });
    expect(history).toHaveLength(40);
    expect(new Set(history.map((entry) => entry.runId)).size).toBe(40);
    // Both servers held the lease, and each new holder's token is greater than every one before it.
    expect(new Set(history.map((entry) => entry.pid))).toEqual(new Set([a.child.pid, b.child.pid]));
    for (let i = 1; i < history.length; i++) expect(history[i]!.token).toBeGreaterThan(history[i - 1]!.token);
    expect(runs.map((run) => run.body?.output.token).sort((x, y) => x - y)).toEqual(history.map((entry) => entry.token));
    // Every run settled without releasing explicitly; the TTL is a minute, so only the settle can have freed the key.
    for (const server of [a, b]) expect((await call(server, 'GET', '/api/store/leases')).body?.leases).toEqual([]);
  }, 60_000);

  it('200 concurrent compare-and-swap increments across both end exactly at 200', async () => {
    const workflow = {
      name: 'Increment',
      nodes: [
        { id: 'inc', op: 'race.increment' },
        { id: 'out', op: 'flow.output' },
      ],
      edges: [edge('inc', 'written', 'out', 'value')],
    };
    const runs = await Promise.all(Array.from({ length: 200 }, (_, i) => call(i % 2 === 0 ? a : b, 'POST', '/api/runs', { workflow, input: {} })));
    for (const run of runs) expect(run.body?.status, JSON.stringify(run.body?.error)).toBe('ok');
    // Each increment wrote a value no other wrote: none was lost to a concurrent writer on either server.
    expect(runs.map((run) => run.body?.output as number).sort((x, y) => x - y)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    for (const server of [a, b]) {
      expect((await call(server, 'GET', '/api/store/collections/counters/docs/hits')).body).toMatchObject({ data: { n: 200 }, version: 200 });
    }
    const lost = runs.reduce((sum, run) => sum + (run.body?.nodes.inc.outputs.lost as number), 0);
    expect(lost).toBeGreaterThan(0);
  }, 120_000);

  it('sees the collections and indexes the other server declares, and serves its blobs', async () => {
    expect((await call(a, 'POST', '/api/store/collections', { name: 'orders', indexes: ['status'] })).status).toBe(201);
    const put = await call(b, 'PUT', '/api/store/collections/orders/docs/o1', { status: 'open', total: 12 });
    expect(put.status).toBe(200);
    expect((await call(b, 'GET', `/api/store/collections/orders/docs?where=${encodeURIComponent('{"status":"open"}')}`)).body?.docs).toHaveLength(1);
    // An index added through A is used by B's next write and query, though B cached the collection before.
    expect((await call(a, 'POST', '/api/store/collections', { name: 'orders', indexes: ['total'] })).status).toBe(201);
    await call(b, 'PUT', '/api/store/collections/orders/docs/o2', { status: 'open', total: 50 });
    const ranged = await call(b, 'GET', `/api/store/collections/orders/docs?where=${encodeURIComponent('{"total":{"gte":10}}')}&orderBy=total`);
    expect(ranged.status).toBe(200);
    expect(ranged.body?.docs.map((doc: { id: string }) => doc.id)).toEqual(['o1', 'o2']);
    expect((await call(a, 'GET', '/api/store/collections')).body?.collections).toContainEqual({
      name: 'orders',
      indexes: ['status', 'total'],
      count: 2,
    });

    const bytes = Buffer.alloc(600 * 1024);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31) % 251;
    const uploaded = await fetch(`${a.url}/api/store/blobs`, {
      method: 'POST',
      body: bytes,
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(uploaded.status).toBe(201);
    const { id } = (await uploaded.json()) as { id: string };
    const whole = await fetch(`${b.url}/store/blobs/${id}`);
    expect(Buffer.from(await whole.arrayBuffer()).equals(bytes)).toBe(true);
    const part = await fetch(`${b.url}/store/blobs/${id}`, { headers: { range: 'bytes=262000-262299' } });
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(262000, 262300))).toBe(true);
  }, 30_000);

  it('frees the leases of a server killed with SIGKILL once their TTL runs out, with a greater token', async () => {
    const ttlMs = 1500;
    const workflow = {
      name: 'Hold a lease until the server dies',
      nodes: [
        { id: 'acquire', op: 'store.lease.acquire', config: { key: 'crash', ttlMs } },
        { id: 'hang', op: 'race.hang' },
        { id: 'acquireLong', op: 'store.lease.acquire', config: { key: 'orphan', ttlMs: 600_000 } },
      ],
      edges: [edge('acquire', 'lease', 'hang', 'lease')],
    };
    expect((await call(a, 'POST', '/api/runs', { workflow, input: {}, wait: false })).status).toBe(202);
    let held: { owner: string; token: number; expiresAt: string } | undefined;
    let leases: Array<{ key: string; owner: string; token: number; expiresAt: string }> = [];
    while (!held || leases.length < 2) {
      leases = (await call(b, 'GET', '/api/store/leases')).body?.leases;
      held = leases.find((lease) => lease.key === 'crash');
      if (!held || leases.length < 2) await sleep(20);
    }
    a.child.kill('SIGKILL');
    await new Promise((resolve) => a.child.once('exit', resolve));
    const take = () => call(b, 'POST', '/api/ops/store.lease.acquire/invoke', { inputs: { key: 'crash', owner: 'b' }, config: { ttlMs: 60_000 } });
    const refused = await take();
    const outputsOf = (run: Record<string, any> | null) =>
      Object.values(run?.nodes ?? {})[0] as { outputs?: { ok?: boolean; lease?: { token: number } } };
    expect(outputsOf(refused.body).outputs?.ok).toBe(false);
    let taken = outputsOf((await take()).body).outputs;
    while (!taken?.ok) {
      await sleep(100);
      taken = outputsOf((await take()).body).outputs;
    }
    // Freed by the TTL, not sooner.
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(held.expiresAt));
    expect(taken.lease?.token).toBeGreaterThan(held.token);
  }, 30_000);

  it("releases the leases of the dead server's run when the surviving server settles that run, long before their TTL", async () => {
    // The run's other lease has a TTL of ten minutes: only the settle can free it within this test's time.
    // B notices A's silence after three missed heartbeats and settles its run as interrupted.
    let orphan: unknown = true;
    while (orphan) {
      await sleep(250);
      orphan = (await call(b, 'GET', '/api/store/leases')).body?.leases.find((lease: { key: string }) => lease.key === 'orphan');
    }
    const runs = (await call(b, 'GET', '/api/runs?status=error')).body?.runs as Array<{ error?: { code: string } }>;
    expect(runs.some((run) => run.error?.code === 'interrupted')).toBe(true);
  }, 60_000);
});
