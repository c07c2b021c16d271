import { createHmac } from 'node:crypto';
import { testServer } from '@pattern/testing/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PatternServer } from '../src/index.ts';

/** A signature is computed over the bytes sent, so a route must be able to see them unparsed. */

let server: PatternServer;
const base = () => `http://127.0.0.1:${server.port}`;

beforeAll(async () => {
  server = await testServer();
  await server.engine.workflows.save('raw.echo', {
    nodes: [
      { id: 'req', op: 'http.request', config: { method: 'POST', path: '/raw' } },
      { id: 'sign', op: 'crypto.hmac', config: { key: 'k', algorithm: 'sha256', encoding: 'hex' } },
      { id: 'pack', op: 'object.set', config: { object: {}, path: 'signature' } },
      { id: 'parsed', op: 'object.set', config: { path: 'parsed' } },
      { id: 'raw', op: 'object.set', config: { path: 'raw' } },
      { id: 'res', op: 'http.response', config: { status: 200 } },
    ],
    edges: [
      { from: { node: 'req', port: 'rawBody' }, to: { node: 'sign', port: 'value' } },
      { from: { node: 'sign', port: 'signature' }, to: { node: 'pack', port: 'value' } },
      { from: { node: 'pack', port: 'object' }, to: { node: 'parsed', port: 'object' } },
      { from: { node: 'req', port: 'body' }, to: { node: 'parsed', port: 'value' } },
      { from: { node: 'parsed', port: 'object' }, to: { node: 'raw', port: 'object' } },
      { from: { node: 'req', port: 'rawBody' }, to: { node: 'raw', port: 'value' } },
      { from: { node: 'raw', port: 'object' }, to: { node: 'res', port: 'body' } },
    ],
  });
});

afterAll(() => server.stop());

describe('http.request rawBody', () => {
  it('hands on the body exactly as sent, beside the parsed one', async () => {
    const sent = '{ "amount":  42,\n "currency": "EUR" }';
    const response = await fetch(`${base()}/raw`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: sent });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as Record<string, unknown>;
    expect(answer.raw).toBe(sent);
    expect(answer.parsed).toEqual({ amount: 42, currency: 'EUR' });
    expect(answer.signature).toBe(createHmac('sha256', 'k').update(sent).digest('hex'));
  });

  it('keeps bytes a parser would normalise: form bodies and non-ASCII text', async () => {
    const sent = 'b=2&a=%C3%A9&a=1';
    const response = await fetch(`${base()}/raw`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: sent });
    expect(((await response.json()) as Record<string, unknown>).raw).toBe(sent);
  });
});
