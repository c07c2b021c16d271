import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type PatternServer, type StartServerOptions, startServer } from '../src/index.ts';

export const root = fileURLToPath(new URL('../../..', import.meta.url));

/** Node flags that run a TypeScript entry point from any working directory. */
export const tsNode = ['--import', import.meta.resolve('tsx')];

export function tempDir(prefix = 'pattern-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function testServer(options: StartServerOptions = {}): Promise<PatternServer> {
  return startServer({ quiet: true, mods: [], dataDir: tempDir(), ...options });
}

export async function json(server: PatternServer, path: string, init: Omit<RequestInit, 'body'> & { body?: unknown } = {}) {
  const { body, ...rest } = init;
  const response = await fetch(`${server.url}${path}`, {
    ...rest,
    headers: { 'content-type': 'application/json', ...rest.headers },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, any>) : null };
}

/** Starts `npm start`'s server in a child process with its own config; resolves once it listens. */
export async function childServer(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const config = join(dataDir, 'pattern.config.json');
  writeFileSync(config, JSON.stringify({ dataDir, mods: [join(root, 'apps/server/test/fixtures/counting-mod.ts')] }));
  const child = spawn(process.execPath, [...tsNode, join(root, 'apps/server/src/main.ts')], {
    cwd: root,
    env: { ...process.env, PORT: '0', PATTERN_CONFIG: config, ...env },
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

export const edge = (from: string, fromPort: string, to: string, toPort: string) => ({
  from: { node: from, port: fromPort },
  to: { node: to, port: toPort },
});
