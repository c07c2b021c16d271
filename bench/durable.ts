import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, defineMod, defineOp, type Engine, type Plan, silentLogger } from '@pattern/core';
import autocannon from 'autocannon';
import { openStores } from '../apps/server/src/persistence/open-stores.ts';
import { resolveSettings } from '../apps/server/src/settings.ts';
import { type BenchRow, type BenchSuite, windowMs } from './harness.ts';
import { type BenchServer, cpuSeconds, startPattern } from './processes.ts';

const NODES = 20;
const ROUNDS = 3;
const MAX_ADDED_MICROS_PER_NODE = 20;
const CONNECTIONS = 10;
const MIN_ROUTE_RATIO = 0.7;

/** A node that completes once the event loop turned, as an op awaiting I/O does: each node is a wave of its own, so each is recorded. */
const tick = defineOp({
  name: 'bench.tick',
  description: 'Passes its value on, after the event loop turned.',
  inputs: { value: { description: 'Any value.' } },
  outputs: { value: { description: 'The same value.' } },
  run: async (inputs) => {
    await new Promise((resolve) => setImmediate(resolve));
    return { value: inputs.value ?? 0 };
  },
});

/** A chain of `bench.tick` nodes settles a wave per node; one of `math.add` nodes settles at once, in one wave. */
function chain(durable: boolean, op: 'bench.tick' | 'math.add') {
  const first = op === 'math.add' ? { a: 0, b: 1 } : { value: 1 };
  const port = op === 'math.add' ? { out: 'result', in: 'a' } : { out: 'value', in: 'value' };
  return {
    durable,
    nodes: Array.from({ length: NODES }, (_, i) => ({ id: `n${i}`, op, config: i === 0 ? first : op === 'math.add' ? { b: 1 } : {} })),
    edges: Array.from({ length: NODES - 1 }, (_, i) => ({ from: { node: `n${i}`, port: port.out }, to: { node: `n${i + 1}`, port: port.in } })),
  };
}

/**
 * CPU microseconds per run, of the whole process (the history's writer thread included): a run
 * mostly waits for its commit, and what durability adds is work, not waiting.
 */
async function cpuMicrosPerRun(engine: Engine, plan: Plan, ms: number): Promise<number> {
  for (const until = performance.now() + 100; performance.now() < until; ) await engine.run({ plan });
  const before = process.cpuUsage();
  let count = 0;
  for (const until = performance.now() + ms; performance.now() < until; count++) await engine.run({ plan });
  const used = process.cpuUsage(before);
  return (used.user + used.system) / count;
}

/** The same route durable and not: a request, a store.put that the run waits on (one recorded wave), the answer. */
function putRoute(path: string, durable: boolean) {
  return {
    name: `Bench: ${durable ? 'durable ' : ''}put`,
    durable,
    nodes: [
      { id: 'req', op: 'http.request', config: { method: 'POST', path } },
      { id: 'put', op: 'store.put', config: { collection: 'bench' } },
      { id: 'res', op: 'http.response', config: { status: 200 } },
    ],
    edges: [
      { from: { node: 'req', port: 'body' }, to: { node: 'put', port: 'data' } },
      { from: { node: 'put', port: 'doc' }, to: { node: 'res', port: 'body' } },
    ],
  };
}

interface Load {
  rps: number;
  errors: number;
  cpuMicros: number;
}

async function load(server: BenchServer, path: string, ms: number): Promise<Load> {
  const before = cpuSeconds(server.pid);
  const result = await autocannon({
    url: `${server.url}${path}`,
    connections: CONNECTIONS,
    duration: ms / 1000,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ note: 'bench', qty: 2 }),
  });
  const used = cpuSeconds(server.pid) - before;
  return { rps: result.requests.average, errors: result.errors + result.non2xx, cpuMicros: (used * 1e6) / Math.max(1, result.requests.total) };
}

/**
 * What durability costs. In process, with the server's own SQLite history: 20-node chains durable
 * against the same chains not durable, as added CPU microseconds per node (best of alternating
 * rounds): one that settles in a single wave, and one whose every node is a wave of its own (the
 * most records a run can make). Then a server
 * as `npm start` runs it: a 3-node store.put route, durable against the same route not durable,
 * under 10 connections.
 */
export const durableBench: BenchSuite = async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pattern-bench-durable-'));
  const settings = resolveSettings({ mods: [] }, { PATTERN_DATA_DIR: dataDir }, process.cwd());
  const stores = await openStores(settings, silentLogger);
  const engine = createEngine({
    runStore: stores.runs,
    workflowStore: stores.workflows,
    mods: [defineMod({ name: 'bench', version: '1', ops: [tick] })],
  });
  await engine.start();
  const chains: BenchRow[] = [];
  for (const [op, what] of [
    ['math.add', 'settling in one wave: nothing to record before the settle'],
    ['bench.tick', 'a wave per node: every node recorded'],
  ] as const) {
    const durable = engine.compile(chain(true, op));
    const plain = engine.compile(chain(false, op));
    let bestDurable = Number.POSITIVE_INFINITY;
    let bestPlain = Number.POSITIVE_INFINITY;
    for (let round = 0; round < ROUNDS; round++) {
      bestPlain = Math.min(bestPlain, await cpuMicrosPerRun(engine, plain, windowMs(3000) / ROUNDS));
      bestDurable = Math.min(bestDurable, await cpuMicrosPerRun(engine, durable, windowMs(3000) / ROUNDS));
    }
    const addedPerNode = (bestDurable - bestPlain) / NODES;
    chains.push({
      group: 'durable',
      name: `added CPU per node of a durable run (${NODES}-node chain, ${what}; SQLite history)`,
      value: addedPerNode,
      unit: 'µs/node',
      baseline: bestPlain / NODES,
      baselineName: 'CPU µs/node of the same run not durable',
      ratio: bestDurable / bestPlain,
      target: `< ${MAX_ADDED_MICROS_PER_NODE} µs/node added`,
      met: addedPerNode < MAX_ADDED_MICROS_PER_NODE,
    });
  }
  await engine.stop();
  await stores.close();
  rmSync(dataDir, { recursive: true, force: true });

  const server = await startPattern();
  const rows: BenchRow[] = [...chains];
  try {
    for (const [id, path, isDurable] of [
      ['bench.dput', '/dput', true],
      ['bench.pput', '/pput', false],
    ] as const) {
      const saved = await fetch(`${server.url}/api/workflows/${id}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(putRoute(path, isDurable)),
      });
      if (!saved.ok) throw new Error(`saving ${id} failed: ${saved.status} ${await saved.text()}`);
    }
    await load(server, '/pput', windowMs(1500));
    await load(server, '/dput', windowMs(1500));
    const ours: Load[] = [];
    const base: Load[] = [];
    for (let round = 0; round < 2; round++) {
      base.push(await load(server, '/pput', windowMs(3000)));
      ours.push(await load(server, '/dput', windowMs(3000)));
    }
    const mean = (runs: Load[], key: keyof Load) => runs.reduce((sum, r) => sum + r[key], 0) / runs.length;
    const errors = [...ours, ...base].reduce((sum, r) => sum + r.errors, 0);
    const rps = mean(ours, 'rps');
    const baseRps = mean(base, 'rps');
    rows.push(
      { group: 'durable', name: 'store.put route, not durable (baseline)', value: baseRps, unit: 'req/s' },
      {
        group: 'durable',
        name: `durable store.put route, ${CONNECTIONS} connections (${errors} failed requests)`,
        value: rps,
        unit: 'req/s',
        baseline: baseRps,
        baselineName: 'the same route not durable',
        ratio: rps / baseRps,
        target: `≥ ${MIN_ROUTE_RATIO * 100}% of the route not durable, no failures`,
        met: rps / baseRps >= MIN_ROUTE_RATIO && errors === 0,
      },
      {
        group: 'durable',
        name: 'durable store.put route: server CPU per request',
        value: mean(ours, 'cpuMicros'),
        unit: 'µs',
        baseline: mean(base, 'cpuMicros'),
        baselineName: 'the same route not durable',
        ratio: mean(ours, 'cpuMicros') / mean(base, 'cpuMicros'),
      },
    );
  } finally {
    await server.stop();
  }
  return rows;
};
