import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConfigFile } from '@pattern/server';

/** The server's entry point (`npm start`), and the Node flags that run it (TypeScript) from any working directory. */
export const serverMain = fileURLToPath(import.meta.resolve('@pattern/server/main'));
export const tsNode = ['--import', import.meta.resolve('tsx')];

/** The secret key of spawned servers that share a database (a test value: it protects nothing). */
export const TEST_SECRET_KEY = '5e'.repeat(32);

/** A server that never says it listens is killed after this long, so a hung start fails instead of hanging the run. */
const START_LIMIT_MS = 60_000;

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Everything the process printed so far. */
  output: () => string;
}

/**
 * Starts the real server in a child process with its own `pattern.config.json` in `dir`, on a
 * free port unless `env.PORT` names one; resolves once it listens. For tests that kill servers,
 * restart them, run several on one database, or need a server of their own in the browser tests.
 */
export async function spawnServer(dir: string, config: ConfigFile, env: Record<string, string> = {}): Promise<ServerProcess> {
  mkdirSync(dir, { recursive: true });
  const configFile = join(dir, 'pattern.config.json');
  writeFileSync(configFile, JSON.stringify(config));
  // Servers on one database must share the key secrets are encrypted with, as in production.
  const sharedKey = config.databaseUrl || env.PATTERN_DATABASE_URL ? { PATTERN_SECRET_KEY: TEST_SECRET_KEY } : {};
  const child = spawn(process.execPath, [...tsNode, serverMain], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', PATTERN_ADMIN_TOKEN: '', PATTERN_CONFIG: configFile, ...sharedKey, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within ${START_LIMIT_MS} ms: ${output}`));
    }, START_LIMIT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Pattern is running at (\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${output}`));
    });
  });
  return { child, url, output: () => output };
}

/** Signals a spawned server (SIGTERM: it stops the way an operator stops it) and waits for it to exit. */
export function stopServer(server: ServerProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  return exited;
}
