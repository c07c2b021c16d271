import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type { BenchSuite } from './harness.ts';

const tsx = import.meta.resolve('tsx');

async function launch(script: string): Promise<{ child: ChildProcess; port: number }> {
  // The request log goes to /dev/null: a pipe this process is too busy loading the server to drain would stall it.
  const child = spawn(process.execPath, ['--import', tsx, fileURLToPath(new URL(script, import.meta.url))], { stdio: ['ignore', 'ignore', 'pipe'] });
  const port = await new Promise<number>((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /listening (\d+)/.exec(seen);
      if (match) resolve(Number(match[1]));
    };
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}: ${seen}`)));
  });
  return { child, port };
}

/** CPU seconds a process has used (user + system), from /proc; the kernel counts in 1/100 s. */
function cpuSeconds(pid: number | undefined): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

interface LoadRun {
  rps: number;
  errors: number;
  p99: number;
  /** Server CPU time per answered request: what a request costs the server, whatever the client's pace. */
  cpuMicros: number;
}

async function load(server: { child: ChildProcess; port: number }, seconds: number): Promise<LoadRun> {
  const before = cpuSeconds(server.child.pid);
  const result = await autocannon({ url: `http://127.0.0.1:${server.port}/hello/Ada`, connections: 32, duration: seconds });
  const used = cpuSeconds(server.child.pid) - before;
  return {
    rps: result.requests.average,
    errors: result.errors + result.non2xx,
    p99: result.latency.p99,
    cpuMicros: (used * 1e6) / Math.max(1, result.requests.total),
  };
}

const mean = (runs: LoadRun[], key: keyof LoadRun) => runs.reduce((sum, r) => sum + r[key], 0) / runs.length;

export const httpBench: BenchSuite = async () => {
  const bare = await launch('./servers/bare-hono.ts');
  const pattern = await launch('./servers/pattern-hello.ts');
  try {
    await load(bare, 2);
    await load(pattern, 2);
    // Alternate the two so that drift in the machine's load hits both alike.
    const bareRuns = [await load(bare, 4)];
    const patternRuns = [await load(pattern, 4)];
    bareRuns.push(await load(bare, 4));
    patternRuns.push(await load(pattern, 4));
    const bareRps = mean(bareRuns, 'rps');
    const patternRps = mean(patternRuns, 'rps');
    const errors = patternRuns.reduce((sum, r) => sum + r.errors, 0);
    return [
      { group: 'http', name: 'bare Hono route (baseline)', value: bareRps, unit: 'req/s' },
      {
        group: 'http',
        name: `hello workflow route (history on; ${errors} errors)`,
        value: patternRps,
        unit: 'req/s',
        baseline: bareRps,
        baselineName: 'bare Hono',
        ratio: patternRps / bareRps,
        target: '≥ 60% of bare Hono',
        met: patternRps / bareRps >= 0.6 && errors === 0,
      },
      // Throughput under a load generator on the same two cores also counts the client's wake-ups:
      // a server that answers slower than the client asks lets it sleep, and every answer must wake it.
      // CPU time per request is the server's own cost.
      { group: 'http', name: 'bare Hono route: server CPU per request', value: mean(bareRuns, 'cpuMicros'), unit: 'µs' },
      {
        group: 'http',
        name: 'hello workflow route: server CPU per request',
        value: mean(patternRuns, 'cpuMicros'),
        unit: 'µs',
        baseline: mean(bareRuns, 'cpuMicros'),
        baselineName: 'bare Hono',
        ratio: mean(patternRuns, 'cpuMicros') / mean(bareRuns, 'cpuMicros'),
      },
      { group: 'http', name: 'hello workflow route p99 latency', value: Math.max(...patternRuns.map((r) => r.p99)), unit: 'ms' },
    ];
  } finally {
    bare.child.kill('SIGTERM');
    pattern.child.kill('SIGTERM');
  }
};
