import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ServerProcess, spawnServer } from '@pattern/testing';
import type { PatternServer } from '../src/index.ts';

export const root = fileURLToPath(new URL('../../..', import.meta.url));

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

/** The server in a child process with the counting mod, which logs every settle to SETTLE_LOG. */
export function childServer(dataDir: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  return spawnServer(dataDir, { dataDir, mods: [join(root, 'apps/server/test/fixtures/counting-mod.ts')] }, env);
}

export const edge = (from: string, fromPort: string, to: string, toPort: string) => ({
  from: { node: from, port: fromPort },
  to: { node: to, port: toPort },
});
