import { type ChildProcess, spawn } from 'node:child_process';
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

async function requestsPerSecond(port: number, seconds: number): Promise<{ rps: number; errors: number; p99: number }> {
  const result = await autocannon({ url: `http://127.0.0.1:${port}/hello/Ada`, connections: 32, duration: seconds });
  return { rps: result.requests.average, errors: result.errors + result.non2xx, p99: result.latency.p99 };
}

export const httpBench: BenchSuite = async () => {
  const bare = await launch('./servers/bare-hono.ts');
  const pattern = await launch('./servers/pattern-hello.ts');
  try {
    await requestsPerSecond(bare.port, 2);
    await requestsPerSecond(pattern.port, 2);
    // Alternate the two so that drift in the machine's load hits both alike.
    const bareRuns = [await requestsPerSecond(bare.port, 4)];
    const patternRuns = [await requestsPerSecond(pattern.port, 4)];
    bareRuns.push(await requestsPerSecond(bare.port, 4));
    patternRuns.push(await requestsPerSecond(pattern.port, 4));
    const bareRps = bareRuns.reduce((sum, r) => sum + r.rps, 0) / bareRuns.length;
    const patternRps = patternRuns.reduce((sum, r) => sum + r.rps, 0) / patternRuns.length;
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
      { group: 'http', name: 'hello workflow route p99 latency', value: Math.max(...patternRuns.map((r) => r.p99)), unit: 'ms' },
    ];
  } finally {
    bare.child.kill('SIGTERM');
    pattern.child.kill('SIGTERM');
  }
};
