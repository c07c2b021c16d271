import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createEngine, type Engine, type RunRecord } from '@pattern/core';
import { afterAll } from 'vitest';
import { httpMod } from '../src/index.ts';

/** A Hono app listening on 127.0.0.1 at a free port, closed after the file's tests. */
export async function localServer(app: { fetch: Parameters<typeof serve>[0]['fetch'] }): Promise<{ origin: string; port: number }> {
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  afterAll(
    () =>
      new Promise<void>((resolve) => {
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => resolve());
      }),
  );
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, port };
}

/** A started engine with the http mod, given these options; stopped after the file's tests. */
export async function httpEngine(options: Record<string, unknown> = {}): Promise<Engine> {
  const engine = createEngine({ mods: [httpMod], modOptions: { http: options } });
  await engine.start();
  afterAll(() => engine.stop());
  return engine;
}

export function fetchOnce(engine: Engine, inputs: Record<string, unknown>): Promise<RunRecord> {
  return engine.invoke('http.fetch', inputs).done;
}
