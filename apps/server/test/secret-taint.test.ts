import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { type ServerProcess, spawnServer, stopServer, tempDir } from '@pattern/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const VALUE = 'sk_live_51H8xQ2eZvKYlo2C0123456789';
const UPPER = VALUE.toUpperCase();
const BASE64 = Buffer.from(VALUE).toString('base64');
const TEMPLATED = `Token ${UPPER}`;
const SIGNATURE = createHmac('sha256', VALUE).update('order 42').digest('hex');

const edge = (from: string, fromPort: string, to: string, toPort: string) => ({
  from: { node: from, port: fromPort },
  to: { node: to, port: toPort },
});

/** Derives three values from the secret that would give it away, and one that would not: its HMAC of a message. */
const derived = {
  name: 'Values made from a secret',
  nodes: [
    { id: 'upper', op: 'string.upper', config: { text: { $secret: 'api_key' } } },
    { id: 'b64', op: 'base64.encode', config: { value: { $secret: 'api_key' } } },
    { id: 'templated', op: 'string.template', config: { template: 'Token {{ t }}' } },
    { id: 'wrap', op: 'object.build', config: { fields: [{ name: 't' }] } },
    { id: 'sign', op: 'crypto.hmac', config: { value: 'order 42', key: { $secret: 'api_key' } } },
    { id: 'log', op: 'log', config: { message: 'made from the key' } },
    { id: 'o1', op: 'flow.output', config: { key: 'upper' } },
    { id: 'o2', op: 'flow.output', config: { key: 'base64' } },
    { id: 'o3', op: 'flow.output', config: { key: 'templated' } },
    { id: 'o4', op: 'flow.output', config: { key: 'signature' } },
  ],
  edges: [
    edge('upper', 'text', 'wrap', 't'),
    edge('wrap', 'object', 'templated', 'data'),
    edge('templated', 'text', 'log', 'value'),
    edge('upper', 'text', 'o1', 'value'),
    edge('b64', 'text', 'o2', 'value'),
    edge('log', 'value', 'o3', 'value'),
    edge('sign', 'signature', 'o4', 'value'),
  ],
};

let server: ServerProcess;
const api = async (path: string, init: { method?: string; body?: unknown } = {}) => {
  const response = await fetch(`${server.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { 'content-type': 'application/json' },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { status: response.status, text: await response.text() };
};

beforeAll(async () => {
  server = await spawnServer(join(tempDir(), 'server'), { mods: [] });
  expect((await api('/api/secrets/api_key', { method: 'PUT', body: { value: VALUE } })).status).toBe(201);
});
afterAll(() => stopServer(server));

describe('a value derived from a secret', () => {
  it('never appears in the run record, its events, the server log or an exported package; an HMAC of it does', async () => {
    const saved = await api('/api/workflows/derived', { method: 'PUT', body: derived });
    expect(saved.status, saved.text).toBe(201);
    const started = await api('/api/runs', { method: 'POST', body: { workflowId: 'derived', wait: false } });
    const { id } = JSON.parse(started.text) as { id: string };
    const events = await api(`/api/runs/${id}/events`);
    const record = await api(`/api/runs/${id}`);
    const listed = await api('/api/runs?workflowId=derived');
    const put = await api('/api/packages', {
      method: 'POST',
      body: { manifest: { id: 'derived-pkg', version: '1.0.0', name: 'Derived' }, workflows: [{ id: 'derived', ...derived }] },
    });
    expect(put.status, put.text).toBe(201);
    const exported = await api('/api/packages/derived-pkg/1.0.0');
    const run = JSON.parse(record.text);
    expect(run.status, record.text).toBe('ok');
    expect(events.text).toContain('settled');

    for (const [where, text] of Object.entries({ events, record, listed, exported, log: { text: server.output() } })) {
      for (const value of [VALUE, UPPER, BASE64, TEMPLATED]) expect(text.text, `${where} shows ${value}`).not.toContain(value);
    }
    expect(run.output).toEqual({ upper: '[redacted]', base64: '[redacted]', templated: 'Token [redacted]', signature: SIGNATURE });
    expect(run.nodes.sign.outputs.signature).toBe(SIGNATURE);
    expect(server.output()).toContain('made from the key');
    expect(exported.text).toContain('"$secret":"api_key"');
  });
});
