import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createEngine } from '@pattern/core';
import { Hono } from 'hono';
import { httpMod } from '../mods/http/src/index.ts';
import type { BenchRow, BenchSuite } from './harness.ts';
import { opsPerSecond, windowMs } from './harness.ts';

/**
 * `http.fetch` in a run (`in → http.fetch → out`, the address checked and pinned on every
 * request) against a bare `fetch` of the same local URL, one request at a time, in the same run.
 */
export const httpFetchBench: BenchSuite = async () => {
  const app = new Hono();
  app.get('/order', (c) => c.json({ id: 'o1', total: 42, items: [{ sku: 'a', qty: 1 }] }));
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/order`;
  const engine = createEngine({ mods: [httpMod], modOptions: { http: { allowHosts: ['127.0.0.1'] } } });
  await engine.start();
  const plan = engine.compile({
    nodes: [
      { id: 'fetch', op: 'http.fetch', config: { url } },
      { id: 'out', op: 'flow.output' },
    ],
    edges: [{ from: { node: 'fetch', port: 'body' }, to: { node: 'out', port: 'value' } }],
  });
  const raw = await opsPerSecond(async () => (await fetch(url)).json(), windowMs(3000), 500);
  const op = await opsPerSecond(
    async () => {
      const record = await engine.run({ plan });
      if (record.status !== 'ok') throw new Error(`http.fetch failed: ${record.error?.message}`);
    },
    windowMs(3000),
    500,
  );
  await engine.stop();
  (server as { closeAllConnections?: () => void }).closeAllConnections?.();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const ratio = op / raw;
  const rows: BenchRow[] = [
    {
      group: 'http-fetch',
      name: 'run with http.fetch of a local JSON answer, against a bare fetch of the same URL',
      value: op,
      unit: 'req/s',
      baseline: raw,
      baselineName: 'fetch',
      ratio,
      target: '≥ 80%',
      met: ratio >= 0.8,
    },
  ];
  return rows;
};
