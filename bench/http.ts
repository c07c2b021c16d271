import autocannon from 'autocannon';
import { helloWorkflow } from '../apps/server/src/seed.ts';
import { type BenchRow, type BenchSuite, windowMs } from './harness.ts';
import { type BenchServer, cpuSeconds, startBaseline, startPattern } from './processes.ts';

const CONNECTIONS = 32;
const KEYS = 1000;
const ROUNDS = 2;

/** A route that writes the request body as a document and answers it: the store's write path per request. */
export const putWorkflow = {
  name: 'Bench: put',
  nodes: [
    { id: 'req', op: 'http.request', config: { method: 'POST', path: '/put/:id' } },
    { id: 'id', op: 'object.get', config: { path: 'id' } },
    { id: 'put', op: 'store.put', config: { collection: 'bench' } },
    { id: 'res', op: 'http.response', config: { status: 200 } },
  ],
  edges: [
    { from: { node: 'req', port: 'params' }, to: { node: 'id', port: 'object' } },
    { from: { node: 'id', port: 'value' }, to: { node: 'put', port: 'id' } },
    { from: { node: 'req', port: 'body' }, to: { node: 'put', port: 'data' } },
    { from: { node: 'put', port: 'doc' }, to: { node: 'res', port: 'body' } },
  ],
};

/** The `hello` workflow with `history: "none"`: what the same run costs when history keeps nothing of it. */
const unrecordedHello = {
  ...helloWorkflow,
  id: undefined,
  tests: undefined,
  name: 'Bench: hello, unrecorded',
  history: 'none',
  nodes: helloWorkflow.nodes.map((node) =>
    node.op === 'http.request' ? { ...node, config: { ...node.config, path: '/hello-unrecorded/:name' } } : node,
  ),
};

interface Target {
  server: BenchServer;
  options: autocannon.Options;
}

interface LoadRun {
  rps: number;
  errors: number;
  p50: number;
  p99: number;
  max: number;
  /** Server CPU time per answered request: what a request costs the server, whatever the client's pace. */
  cpuMicros: number;
}

export const helloRequest = (url: string): autocannon.Options => ({ url: `${url}/hello/Ada` });

/** POSTs of a small JSON document to `/put/k<n>`, spread over a fixed set of keys so the table's size stays put. */
export const putRequest = (url: string): autocannon.Options => ({
  url,
  requests: [
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      setupRequest: (request) => {
        const key = Math.floor(Math.random() * KEYS);
        return { ...request, path: `/put/k${key}`, body: JSON.stringify({ key, at: Date.now(), note: 'bench' }) };
      },
    },
  ],
});

async function load({ server, options }: Target, ms: number): Promise<LoadRun> {
  const before = cpuSeconds(server.pid);
  const result = await autocannon({ connections: CONNECTIONS, ...options, duration: ms / 1000 });
  const used = cpuSeconds(server.pid) - before;
  return {
    rps: result.requests.average,
    errors: result.errors + result.non2xx,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    cpuMicros: (used * 1e6) / Math.max(1, result.requests.total),
  };
}

const mean = (runs: LoadRun[], key: keyof LoadRun) => runs.reduce((sum, r) => sum + r[key], 0) / runs.length;
const worst = (runs: LoadRun[], key: keyof LoadRun) => Math.max(...runs.map((r) => r[key]));

/** Rounds of every target in turn, so that drift in the machine's load hits them alike. The first is the baseline. */
async function compare(targets: Target[]): Promise<LoadRun[][]> {
  for (const target of targets) await load(target, windowMs(2000));
  const runs: LoadRun[][] = targets.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, target] of targets.entries()) runs[i]?.push(await load(target, windowMs(4000)));
  }
  return runs;
}

/** Throughput, latency and CPU rows of one route against its baseline, each with its target. */
function rows(
  route: string,
  baselineName: string,
  ours: LoadRun[],
  base: LoadRun[],
  targets: { rps: number; p99?: number; cpu?: number },
): BenchRow[] {
  const group = 'http';
  const errors = ours.reduce((sum, r) => sum + r.errors, 0) + base.reduce((sum, r) => sum + r.errors, 0);
  const rps = mean(ours, 'rps');
  const baseRps = mean(base, 'rps');
  const p99 = worst(ours, 'p99');
  const baseP99 = worst(base, 'p99');
  const cpu = mean(ours, 'cpuMicros');
  const baseCpu = mean(base, 'cpuMicros');
  const out: BenchRow[] = [
    { group, name: `${baselineName} (baseline)`, value: baseRps, unit: 'req/s' },
    {
      group,
      name: `${route} (${errors} failed requests)`,
      value: rps,
      unit: 'req/s',
      baseline: baseRps,
      baselineName,
      ratio: rps / baseRps,
      target: `≥ ${targets.rps * 100}% of ${baselineName}, no failures`,
      met: rps / baseRps >= targets.rps && errors === 0,
    },
    { group, name: `${baselineName}: latency`, value: mean(base, 'p50'), p99: baseP99, max: worst(base, 'max'), unit: 'ms' },
    {
      group,
      name: `${route}: latency (ratio of p99s)`,
      value: mean(ours, 'p50'),
      p99,
      max: worst(ours, 'max'),
      unit: 'ms',
      baseline: baseP99,
      baselineName: `${baselineName} p99`,
      ratio: p99 / Math.max(1, baseP99),
      ...(targets.p99 ? { target: `p99 < ${targets.p99}× ${baselineName}'s`, met: p99 < targets.p99 * Math.max(1, baseP99) } : {}),
    },
    {
      group,
      name: `${route}: server CPU per request`,
      value: cpu,
      unit: 'µs',
      baseline: baseCpu,
      baselineName,
      ratio: cpu / baseCpu,
      ...(targets.cpu ? { target: `< ${targets.cpu}× ${baselineName}`, met: cpu / baseCpu < targets.cpu } : {}),
    },
  ];
  return out;
}

/** Reported beside the targets: the share of run history in the `hello` route's cost. */
function unrecordedRows(ours: LoadRun[], base: LoadRun[]): BenchRow[] {
  const group = 'http';
  const baselineName = 'bare Hono';
  const rps = mean(ours, 'rps');
  const cpu = mean(ours, 'cpuMicros');
  return [
    {
      group,
      name: 'hello route, its workflow keeping no history (`history: "none"`)',
      value: rps,
      unit: 'req/s',
      baseline: mean(base, 'rps'),
      baselineName,
      ratio: rps / mean(base, 'rps'),
      target: 'reported (what history costs)',
    },
    {
      group,
      name: 'hello route keeping no history: server CPU per request',
      value: cpu,
      unit: 'µs',
      baseline: mean(base, 'cpuMicros'),
      baselineName,
      ratio: cpu / mean(base, 'cpuMicros'),
      target: 'reported',
    },
  ];
}

/**
 * The `hello` route and a `store.put` route of Pattern started as `npm start` starts it, against
 * bare Hono serving the same string and a Hono route doing the same insert with raw prepared
 * statements. autocannon reports latency in whole milliseconds, so a p99 ratio counts the
 * baseline's p99 as at least 1 ms.
 */
export const httpBench: BenchSuite = async () => {
  const pattern = await startPattern();
  const servers: BenchServer[] = [pattern];
  try {
    const saved = await fetch(`${pattern.url}/api/workflows/bench.put`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(putWorkflow),
    });
    if (!saved.ok) throw new Error(`saving the put workflow failed: ${saved.status} ${await saved.text()}`);
    const unrecordedSaved = await fetch(`${pattern.url}/api/workflows/bench.hello-unrecorded`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(unrecordedHello),
    });
    if (!unrecordedSaved.ok) throw new Error(`saving the unrecorded hello failed: ${unrecordedSaved.status} ${await unrecordedSaved.text()}`);
    const bare = await startBaseline('./servers/bare-hono.ts');
    servers.push(bare);
    const [helloBase = [], helloOurs = [], unrecorded = []] = await compare([
      { server: bare, options: helloRequest(bare.url) },
      { server: pattern, options: helloRequest(pattern.url) },
      { server: pattern, options: { url: `${pattern.url}/hello-unrecorded/Ada` } },
    ]);
    await bare.stop();
    const raw = await startBaseline('./servers/hono-sqlite-put.ts');
    servers.push(raw);
    const [putBase = [], putOurs = []] = await compare([
      { server: raw, options: putRequest(raw.url) },
      { server: pattern, options: putRequest(pattern.url) },
    ]);
    return [
      ...rows('hello route (npm start defaults)', 'bare Hono', helloOurs, helloBase, { rps: 0.6, p99: 3, cpu: 1.7 }),
      ...unrecordedRows(unrecorded, helloBase),
      ...rows('store.put route (npm start defaults)', 'Hono + raw better-sqlite3', putOurs, putBase, { rps: 0.6 }),
    ];
  } finally {
    for (const server of servers) await server.stop();
  }
};
