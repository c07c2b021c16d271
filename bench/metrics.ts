import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { type BenchSuite, windowMs } from './harness.ts';
import { helloRequest } from './http.ts';
import { type BenchServer, cpuSeconds, startPattern } from './processes.ts';

const CONNECTIONS = 32;
const ROUNDS = 3;

interface Round {
  rps: number;
  cpuMicros: number;
  errors: number;
}

async function round(server: BenchServer, ms: number): Promise<Round> {
  const before = cpuSeconds(server.pid);
  const result = await autocannon({ connections: CONNECTIONS, ...helloRequest(server.url), duration: ms / 1000 });
  const used = cpuSeconds(server.pid) - before;
  return { rps: result.requests.average, cpuMicros: (used * 1e6) / Math.max(1, result.requests.total), errors: result.errors + result.non2xx };
}

const mean = (rounds: Round[], key: keyof Round) => rounds.reduce((sum, r) => sum + r[key], 0) / rounds.length;

/**
 * What metrics cost a request: the `hello` route of two servers started alike, one with
 * `metrics.enabled: false`, in alternating rounds so drift in the machine's load hits both. The
 * measured one is scraped between rounds, as Prometheus would.
 */
export const metricsBench: BenchSuite = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pattern-bench-metrics-'));
  const config = join(dir, 'pattern.config.json');
  writeFileSync(config, JSON.stringify({ metrics: { enabled: false } }));
  const servers: BenchServer[] = [];
  try {
    const measured = await startPattern();
    servers.push(measured);
    const bare = await startPattern({ PATTERN_CONFIG: config });
    servers.push(bare);
    await round(bare, windowMs(2000));
    await round(measured, windowMs(2000));
    const ours: Round[] = [];
    const base: Round[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      base.push(await round(bare, windowMs(4000)));
      ours.push(await round(measured, windowMs(4000)));
      const scrape = await fetch(`${measured.url}/metrics`);
      if (!scrape.ok) throw new Error(`scraping /metrics failed: ${scrape.status}`);
      await scrape.text();
    }
    const errors = mean(ours, 'errors') + mean(base, 'errors');
    const rps = mean(ours, 'rps');
    const baseRps = mean(base, 'rps');
    const cpu = mean(ours, 'cpuMicros');
    const baseCpu = mean(base, 'cpuMicros');
    const group = 'metrics';
    const baselineName = 'metrics off';
    return [
      { group, name: 'hello route, metrics off (baseline)', value: baseRps, unit: 'req/s' },
      {
        group,
        name: `hello route, metrics on (${errors} failed requests)`,
        value: rps,
        unit: 'req/s',
        baseline: baseRps,
        baselineName,
        ratio: rps / baseRps,
        target: '≥ 95% of metrics off, no failures',
        met: rps / baseRps >= 0.95 && errors === 0,
      },
      {
        group,
        name: 'hello route, metrics on: server CPU per request',
        value: cpu,
        unit: 'µs',
        baseline: baseCpu,
        baselineName,
        ratio: cpu / baseCpu,
        target: '< 1.05× metrics off',
        met: cpu / baseCpu < 1.05,
      },
    ];
  } finally {
    for (const server of servers) await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
};
