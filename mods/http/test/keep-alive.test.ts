import type { AddressInfo } from 'node:net';
import { type HttpBindings, serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { fetchOnce, httpEngine } from './helpers.ts';

const app = new Hono<{ Bindings: HttpBindings }>();
app.get('/order', (c) => c.json({ id: 'o1' }));
let dropped = 0;
// Answers only once the client goes away.
app.get('/hang', (c) => new Promise<Response>((resolve) => c.env.incoming.once('close', () => resolve(c.text(`dropped ${++dropped}`)))));
let connections = 0;
const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
  const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
});
server.on('connection', () => connections++);
afterAll(
  () =>
    new Promise<void>((resolve) => {
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      server.close(() => resolve());
    }),
);
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const engine = await httpEngine({ allowHosts: ['127.0.0.1'] });

describe('http.fetch connections', () => {
  it('are kept alive from one run to the next: runs one after another share one connection', async () => {
    const plan = engine.compile({
      nodes: [
        { id: 'fetch', op: 'http.fetch', config: { url: `${origin}/order` } },
        { id: 'out', op: 'flow.output' },
      ],
      edges: [{ from: { node: 'fetch', port: 'body' }, to: { node: 'out', port: 'value' } }],
    });
    const before = connections;
    for (let i = 0; i < 10; i++) expect((await engine.run({ plan })).output).toEqual({ id: 'o1' });
    for (let i = 0; i < 5; i++) expect((await fetchOnce(engine, { url: `${origin}/order` })).status).toBe('ok');
    expect(connections - before).toBe(1);
  });

  it('are dropped when the run fails with the request still out', async () => {
    const plan = engine.compile({
      nodes: [
        { id: 'fetch', op: 'http.fetch', config: { url: `${origin}/hang` } },
        { id: 'wait', op: 'flow.delay', config: { ms: 30, value: 'no need to wait' } },
        { id: 'fail', op: 'flow.fail' },
        { id: 'out', op: 'flow.output' },
      ],
      edges: [
        { from: { node: 'fetch', port: 'body' }, to: { node: 'out', port: 'value' } },
        { from: { node: 'wait', port: 'value' }, to: { node: 'fail', port: 'message' } },
      ],
    });
    const run = await engine.run({ plan });
    expect(run.status).toBe('error');
    expect(run.nodes.fetch?.error?.code).toBe('stopped');
    await expect.poll(() => dropped).toBe(1);
  });
});
