import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type { BenchRow, BenchSuite } from './harness.ts';

const CONNECTIONS = 200;
const SECONDS = 30;
const WARMUP_SECONDS = 10;
const KEYS = 1000;
const MAX_RSS_GROWTH = 0.2;
const SAMPLE_MS = 250;
/**
 * Lets the bench ask the server for a full garbage collection, so that memory is compared at
 * rest: under load the collector lets the heap run far ahead of what is live, and any sample of
 * RSS then says more about its timing than about leaks.
 */
const GC_ON_SIGNAL = 'data:text/javascript,process.on("SIGUSR2",()=>{globalThis.gc();globalThis.gc();})';

const root = fileURLToPath(new URL('..', import.meta.url));

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

/**
 * `npm start`'s server with the store mod and SQLite in a fresh data folder, in its own process.
 * Its output (a line per request) goes to a file, as in production: writes to a pipe block the
 * server whenever the bench, busy sending requests, is slow to read them.
 */
async function launch(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const config = join(dataDir, 'pattern.config.json');
  writeFileSync(config, JSON.stringify({ dataDir, mods: ['@pattern/mod-store'] }));
  const logFile = join(dataDir, 'server.log');
  const log = openSync(logFile, 'w');
  const child = spawn(
    process.execPath,
    ['--expose-gc', '--import', GC_ON_SIGNAL, '--import', import.meta.resolve('tsx'), join(root, 'apps/server/src/main.ts')],
    { cwd: root, env: { ...process.env, PORT: '0', PATTERN_CONFIG: config }, stdio: ['ignore', log, log] },
  );
  closeSync(log);
  let exited: number | null | undefined;
  child.once('exit', (code) => {
    exited = code;
  });
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const seen = readFileSync(logFile, 'utf8');
    const match = /Pattern is running at (\S+)/.exec(seen);
    if (match?.[1]) return { child, url: match[1].replace('localhost', '127.0.0.1') };
    if (exited !== undefined) throw new Error(`the server exited with ${exited}: ${seen}`);
  }
}

/** Resident memory of a process, from the kernel's own account. */
function rssBytes(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match?.[1]) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) * 1024;
}

/** RSS once the server has collected its garbage: the lowest of a few samples after the request. */
async function restingRss(child: ChildProcess): Promise<number> {
  child.kill('SIGUSR2');
  let lowest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 4; i++) {
    await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS));
    lowest = Math.min(lowest, rssBytes(child.pid as number));
  }
  return lowest;
}

function load(url: string, seconds: number): Promise<autocannon.Result> {
  return autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
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

export const loadBench: BenchSuite = async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pattern-load-'));
  const { child, url } = await launch(dataDir);
  try {
    const saved = await fetch(`${url}/api/workflows/load.put-get`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(putGetWorkflow),
    });
    if (!saved.ok) throw new Error(`saving the workflow failed: ${saved.status} ${await saved.text()}`);
    const pid = child.pid as number;

    const samples: number[] = [];
    await load(url, WARMUP_SECONDS);
    const warmRss = await restingRss(child);
    const sampler = setInterval(() => samples.push(rssBytes(pid)), SAMPLE_MS);
    const result = await load(url, SECONDS);
    clearInterval(sampler);
    const afterRss = await restingRss(child);
    // autocannon counts timeouts among errors.
    const failures = result.errors + result.non2xx;
    const growth = (afterRss - warmRss) / warmRss;
    const mib = (bytes: number) => bytes / (1024 * 1024);
    const group = 'load';
    const rows: BenchRow[] = [
      {
        group,
        name: `store put+get route, ${CONNECTIONS} clients for ${SECONDS} s: failed requests of ${result.requests.total} (${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx)`,
        value: failures,
        unit: 'requests',
        target: '0',
        met: failures === 0 && result.requests.total > 0,
      },
      { group, name: 'store put+get route throughput', value: result.requests.average, unit: 'req/s' },
      { group, name: 'store put+get route p99 latency', value: result.latency.p99, unit: 'ms' },
      { group, name: 'store put+get route slowest answer', value: result.latency.max, unit: 'ms' },
      { group, name: 'server peak RSS under load', value: mib(Math.max(...samples)), unit: 'MiB' },
      { group, name: 'server RSS once warm, at rest', value: mib(warmRss), unit: 'MiB' },
      {
        group,
        name: `server RSS after ${SECONDS} s of load, at rest`,
        value: mib(afterRss),
        unit: 'MiB',
        baseline: mib(warmRss),
        baselineName: 'once warm',
        ratio: afterRss / warmRss,
        target: `grows < ${MAX_RSS_GROWTH * 100}%`,
        met: growth < MAX_RSS_GROWTH,
      },
    ];
    return rows;
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
};
