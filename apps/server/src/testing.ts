import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConfigFile } from './settings.ts';

/** The server's entry point, and the Node flags that run it (TypeScript) from any working directory. */
export const serverMain = fileURLToPath(new URL('./main.ts', import.meta.url));
export const tsNode = ['--import', import.meta.resolve('tsx')];

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Everything the process printed so far. */
  output: () => string;
}

/**
 * Starts the real server (`npm start`'s entry point) in a child process with its own
 * `pattern.config.json` in `dir`, on a free port; resolves once it listens. For tests that kill
 * servers, restart them or run several on one database.
 */
export async function spawnServer(dir: string, config: ConfigFile, env: Record<string, string> = {}): Promise<ServerProcess> {
  mkdirSync(dir, { recursive: true });
  const configFile = join(dir, 'pattern.config.json');
  writeFileSync(configFile, JSON.stringify(config));
  const child = spawn(process.execPath, [...tsNode, serverMain], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', PATTERN_ADMIN_TOKEN: '', PATTERN_CONFIG: configFile, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Pattern is running at (\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
  return { child, url, output: () => output };
}
