import type { RunRecord } from '@pattern/core';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { httpEngine, localServer } from './helpers.ts';

const received: Array<{ method: string; key: string | undefined }> = [];
const app = new Hono();
app.all('/orders', (c) => {
  received.push({ method: c.req.method, key: c.req.header('idempotency-key') });
  return c.json({ ok: true });
});

const { origin } = await localServer(app);
const engine = await httpEngine({ allowHosts: ['127.0.0.1'] });

/** One http.fetch node named `call`, in a durable run or not; answers the key the server saw. */
async function keySent(durable: boolean, inputs: Record<string, unknown>): Promise<{ run: RunRecord; key: string | undefined }> {
  received.length = 0;
  const run = await engine.run({
    workflow: { name: 'Call an API', durable, nodes: [{ id: 'call', op: 'http.fetch', config: { url: `${origin}/orders`, ...inputs } }], edges: [] },
  });
  expect(run.status, run.error?.message).toBe('ok');
  expect(received).toHaveLength(1);
  return { run, key: received[0]?.key };
}

describe('http.fetch in a durable run', () => {
  it('sends the node’s idempotency key with every method but GET and HEAD', async () => {
    for (const method of ['POST', 'put', 'PATCH', 'DELETE']) {
      const { run, key } = await keySent(true, { method, body: { total: 1 } });
      expect(key, method).toBe(`${run.id}:call`);
    }
    for (const method of ['GET', 'HEAD', undefined]) expect((await keySent(true, method ? { method } : {})).key, method).toBeUndefined();
  });

  it('leaves an Idempotency-Key the workflow sets, in any case, as it is', async () => {
    expect((await keySent(true, { method: 'POST', headers: { 'idempotency-KEY': 'mine' } })).key).toBe('mine');
  });

  it('sends none in a run that is not durable', async () => {
    expect((await keySent(false, { method: 'POST', body: {} })).key).toBeUndefined();
  });
});
