import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import httpMod from '@pattern/mod-http';
import { testServer } from '@pattern/testing/server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PatternServer } from '../src/index.ts';
import { edge, json } from './helpers.ts';

const VALUE = 'sk_live_51H8xQ2eZvKYlo2C0123456789';
const ORDER = 'ord_9f8e7d6c5b4a3210';
const ref = { $secret: 'api_key' };

// The API answers an order number made of nothing it was sent, and echoes the key, as some APIs do in their errors.
const api = new Hono();
api.all('/orders', async (c) => {
  const sent = c.req.header('x-api-key') ?? c.req.query('key') ?? ((await c.req.json().catch(() => ({}))) as { key?: string }).key;
  return c.json({ order: ORDER, echoed: sent });
});
const apiServer = await new Promise<ReturnType<typeof serve>>((resolve) => {
  const s = serve({ fetch: api.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
});
const url = `http://127.0.0.1:${(apiServer.address() as AddressInfo).port}/orders`;

let server: PatternServer;
beforeAll(async () => {
  server = await testServer({ mods: [httpMod], modOptions: { http: { allowHosts: ['127.0.0.1'] } }, seed: false });
  expect((await json(server, '/api/secrets/api_key', { method: 'PUT', body: { value: VALUE } })).status).toBe(201);
});
afterAll(async () => {
  await server?.stop();
  await new Promise<void>((resolve) => apiServer.close(() => resolve()));
});

/** One fetch with the key where `config` puts it, its answer's order number handed to the run's output. */
async function runWith(config: Record<string, unknown>) {
  const workflow = {
    nodes: [
      { id: 'fetch', op: 'http.fetch', config: { url, ...config } },
      { id: 'order', op: 'object.get', config: { path: 'order' } },
      { id: 'out', op: 'flow.output' },
    ],
    edges: [edge('fetch', 'body', 'order', 'object'), edge('order', 'value', 'out', 'value')],
  };
  const started = await json(server, '/api/runs', { method: 'POST', body: { workflow } });
  expect(started.body?.status, JSON.stringify(started.body)).toBe('ok');
  const id = started.body?.id as string;
  const record = await fetch(`${server.url}/api/runs/${id}`).then((r) => r.text());
  const events = await fetch(`${server.url}/api/runs/${id}/events`).then((r) => r.text());
  for (const text of [record, events, JSON.stringify(started.body)]) expect(text).not.toContain(VALUE);
  return { run: JSON.parse(record), events };
}

describe('http.fetch with a secret', () => {
  it('in a header: the answer shows, and what is made of it, while the key the API echoes stays hidden', async () => {
    const { run, events } = await runWith({ headers: { 'X-Api-Key': ref } });
    expect(run.nodes.fetch.inputs.headers['X-Api-Key']).toBe('[redacted]');
    expect(run.nodes.fetch.outputs.body).toEqual({ order: ORDER, echoed: '[redacted]' });
    expect(run.output).toBe(ORDER);
    expect(events).toContain(ORDER);
  });

  it.each([
    ['the query', { query: { key: ref } }],
    ['the body', { method: 'POST', body: { key: ref } }],
  ])('in %s: the answer is hidden, and so is what is made of it', async (_where, config) => {
    const { run, events } = await runWith(config);
    expect(run.nodes.fetch.outputs.body).toEqual({ order: '[redacted]', echoed: '[redacted]' });
    expect(run.output).toBe('[redacted]');
    expect(events).not.toContain(ORDER);
  });
});
