import autocannon from 'autocannon';
import { type BenchRow, type BenchSuite, QUICK, sleep, windowMs } from './harness.ts';
import { type LoopStats, rssMiB, startPattern, takeLoopStats } from './processes.ts';

const CONNECTIONS = 200;
const LOAD_MS = 60_000;
const WARMUP_MS = 10_000;
/** How long after the load the server's memory is read again: what it keeps once the burst is over. */
const AFTER_MS = 60_000;
const KEYS = 1000;
const SAMPLE_MS = 250;
const MAX_RSS_MIB = 150;
const MAX_RSS_GROWTH = 0.2;
const MAX_STALL_MS = 10;

/** A route that writes a document and reads it back: the store's write path and read path per request. */
const putGetWorkflow = {
  name: 'Load: put then get',
  nodes: [
    { id: 'req', op: 'http.request', config: { method: 'POST', path: '/load/:id' } },
    { id: 'id', op: 'object.get', config: { path: 'id' } },
    { id: 'put', op: 'store.put', config: { collection: 'load' } },
    { id: 'written', op: 'object.get', config: { path: 'id' } },
    { id: 'get', op: 'store.get', config: { collection: 'load' } },
    { id: 'out', op: 'flow.output' },
  ],
  edges: [
    { from: { node: 'req', port: 'params' }, to: { node: 'id', port: 'object' } },
    { from: { node: 'id', port: 'value' }, to: { node: 'put', port: 'id' } },
    { from: { node: 'req', port: 'body' }, to: { node: 'put', port: 'data' } },
    { from: { node: 'put', port: 'doc' }, to: { node: 'written', port: 'object' } },
    { from: { node: 'written', port: 'value' }, to: { node: 'get', port: 'id' } },
    { from: { node: 'get', port: 'doc' }, to: { node: 'out', port: 'value' } },
  ],
};

function load(url: string, ms: number): Promise<autocannon.Result> {
  return autocannon({
    url,
    connections: CONNECTIONS,
    duration: ms / 1000,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        // Spread over a fixed set of keys: puts replace documents, so the store's size stays put.
        setupRequest: (request) => {
          const key = Math.floor(Math.random() * KEYS);
          return { ...request, path: `/load/k${key}`, body: JSON.stringify({ key, at: Date.now(), note: 'load test' }) };
        },
      },
    ],
  });
}

function stallRow(loop: LoopStats | undefined, seconds: number): BenchRow {
  const name = `event-loop delay under ${seconds} s of load (the server's own histogram)`;
  if (!loop) return { group: 'load', name: `${name}: the server has no /api/stats/loop`, value: Number.NaN, unit: 'ms', met: false };
  return {
    group: 'load',
    name,
    value: loop.p50Ms,
    p99: loop.p99Ms,
    max: loop.maxMs,
    unit: 'ms',
    target: `no stall over ${MAX_STALL_MS} ms`,
    met: loop.maxMs <= MAX_STALL_MS,
  };
}

/**
 * `npm start`'s server under 200 clients writing and reading documents for a minute: failures,
 * throughput, latency, event-loop stalls and memory, idle before, under load, and a minute after,
 * without forcing a garbage collection: what an operator sees in `top`.
 */
export const loadBench: BenchSuite = async () => {
  const server = await startPattern();
  try {
    const saved = await fetch(`${server.url}/api/workflows/load.put-get`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(putGetWorkflow),
    });
    if (!saved.ok) throw new Error(`saving the workflow failed: ${saved.status} ${await saved.text()}`);
    await sleep(QUICK ? 500 : 2000);
    const idle = rssMiB(server.pid);
    await load(server.url, windowMs(WARMUP_MS));
    await takeLoopStats(server.url);
    const samples: number[] = [];
    const sampler = setInterval(() => samples.push(rssMiB(server.pid)), SAMPLE_MS);
    const loadMs = windowMs(LOAD_MS);
    const result = await load(server.url, loadMs);
    clearInterval(sampler);
    const loop = await takeLoopStats(server.url);
    const afterMs = windowMs(AFTER_MS);
    await sleep(afterMs);
    const after = rssMiB(server.pid);
    const peak = Math.max(...samples);
    // autocannon counts timeouts among errors.
    const failures = result.errors + result.non2xx;
    const seconds = loadMs / 1000;
    const group = 'load';
    return [
      {
        group,
        name: `store put+get route, ${CONNECTIONS} clients for ${seconds} s: failed of ${result.requests.total} (${result.timeouts} timeouts, ${result.non2xx} non-2xx)`,
        value: failures,
        unit: 'requests',
        target: '0',
        met: failures === 0 && result.requests.total > 0,
      },
      { group, name: 'store put+get route throughput', value: result.requests.average, unit: 'req/s' },
      { group, name: 'store put+get route latency', value: result.latency.p50, p99: result.latency.p99, max: result.latency.max, unit: 'ms' },
      stallRow(loop, seconds),
      { group, name: 'server RSS idle, before the load', value: idle, unit: 'MiB' },
      {
        group,
        name: `server peak RSS under ${seconds} s of load`,
        value: peak,
        unit: 'MiB',
        target: `< ${MAX_RSS_MIB} MiB`,
        met: peak < MAX_RSS_MIB,
      },
      {
        group,
        name: `server RSS ${afterMs / 1000} s after the load`,
        value: after,
        unit: 'MiB',
        baseline: idle,
        baselineName: 'idle',
        ratio: after / idle,
        target: `within ${MAX_RSS_GROWTH * 100}% of idle`,
        met: after / idle <= 1 + MAX_RSS_GROWTH,
      },
    ];
  } finally {
    await server.stop();
  }
};
