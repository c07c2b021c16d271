import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sleep } from './harness.ts';

export const root = fileURLToPath(new URL('..', import.meta.url));
const tsx = import.meta.resolve('tsx');

export interface BenchServer {
  child: ChildProcess;
  pid: number;
  url: string;
  stop(): Promise<void>;
}

/**
 * Pattern as `npm start` runs it: the repository's `pattern.config.json` (every default mod, run
 * history on, the request log), a fresh data folder, a free port. Only the web build step of
 * `scripts/start.mjs` is left out, so the bench never rebuilds the app. The log goes to a file,
 * as in production: a pipe the bench is too busy to drain would stall the server.
 */
export async function startPattern(env: Record<string, string> = {}): Promise<BenchServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pattern-bench-server-'));
  const server = await spawnLogged(
    [join(root, 'apps/server/src/main.ts')],
    { PORT: '0', HOST: '127.0.0.1', PATTERN_DATA_DIR: dataDir, PATTERN_ADMIN_TOKEN: '', ...env },
    join(dataDir, 'server.log'),
    /Pattern is running at (\S+)/,
  );
  return {
    ...server,
    url: server.url.replace('localhost', '127.0.0.1'),
    stop: async () => {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** One of the baseline servers in `bench/servers/`, which print `listening <port>`. */
export async function startBaseline(script: string, env: Record<string, string> = {}): Promise<BenchServer> {
  const dir = mkdtempSync(join(tmpdir(), 'pattern-bench-baseline-'));
  const server = await spawnLogged(
    [fileURLToPath(new URL(script, import.meta.url))],
    { BENCH_DIR: dir, ...env },
    join(dir, 'server.log'),
    /listening (\d+)/,
  );
  return {
    ...server,
    url: `http://127.0.0.1:${server.url}`,
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function spawnLogged(args: string[], env: Record<string, string>, logFile: string, ready: RegExp): Promise<BenchServer> {
  const log = openSync(logFile, 'w');
  const child = spawn(process.execPath, ['--import', tsx, ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', log, log] });
  closeSync(log);
  let exited: number | null | undefined;
  child.once('exit', (code) => {
    exited = code;
  });
  const stop = async () => {
    if (exited !== undefined) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await gone;
  };
  for (let waited = 0; ; waited += 50) {
    await sleep(50);
    const seen = readFileSync(logFile, 'utf8');
    const match = ready.exec(seen);
    if (match?.[1]) return { child, pid: child.pid as number, url: match[1], stop };
    if (exited !== undefined) throw new Error(`${args.join(' ')} exited with ${exited}: ${seen}`);
    if (waited > 60_000) {
      await stop();
      throw new Error(`${args.join(' ')} did not start within a minute: ${seen}`);
    }
  }
}

/** CPU seconds a process has used (user + system), from /proc; the kernel counts in 1/100 s. */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Resident memory of a process in MiB, from the kernel's own account. */
export function rssMiB(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match?.[1]) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) / 1024;
}

export interface LoopStats {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  samples: number;
}

/**
 * The server's event-loop delay over the window that just closed (and a new window begins), or
 * undefined when the server has no such route.
 */
export async function takeLoopStats(url: string): Promise<LoopStats | undefined> {
  const response = await fetch(`${url}/api/stats/loop/reset`, { method: 'POST' }).catch(() => undefined);
  if (!response?.ok) return undefined;
  const body = (await response.json()) as { loop?: LoopStats };
  return body.loop;
}
