import { readFileSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import httpMod from '@pattern/mod-http';
import storeMod from '@pattern/mod-store';
import { freshSchema, tempDir } from '@pattern/testing';
import { testServer } from '@pattern/testing/server';
import fc from 'fast-check';
import { Hono } from 'hono';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { PatternServer } from '../src/index.ts';
import { edge, json } from './helpers.ts';

const VALUE = 'sk_live_51H8xQ2eZvKYlo2C0123456789';
const received: string[] = [];

// The API the workflow calls: it echoes the key it was sent, as some APIs do in their errors.
const api = new Hono();
api.get('/whoami', (c) => {
  received.push(c.req.header('x-api-key') ?? '');
  return c.json({ key: c.req.header('x-api-key'), user: 'ada' });
});
const apiServer = await new Promise<ReturnType<typeof serve>>((resolve) => {
  const s = serve({ fetch: api.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
});
const apiOrigin = `http://127.0.0.1:${(apiServer.address() as AddressInfo).port}`;
afterAll(() => new Promise<void>((resolve) => apiServer.close(() => resolve())));

let server: PatternServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

const start = (options: Parameters<typeof testServer>[0] = {}) =>
  testServer({ mods: [storeMod, httpMod], modOptions: { http: { allowHosts: ['127.0.0.1'] } }, ...options });

const ref = { $secret: 'api_key' };

/** A route that calls the API with the key in a header, keeps the key in a document, and answers with what the API said. */
const callApi = {
  name: 'Call an API with a key',
  nodes: [
    { id: 'req', op: 'http.request', config: { method: 'GET', path: '/call' } },
    { id: 'fetch', op: 'http.fetch', config: { url: `${apiOrigin}/whoami`, headers: { 'X-Api-Key': ref } } },
    { id: 'keep', op: 'store.put', config: { collection: 'keys', id: 'current', data: { key: ref } } },
    { id: 'answer', op: 'http.response' },
  ],
  edges: [edge('req', 'params', 'fetch', 'query'), edge('fetch', 'body', 'answer', 'body')],
};

async function putSecret(s: PatternServer, name: string, value: unknown) {
  return json(s, `/api/secrets/${name}`, { method: 'PUT', body: { value } });
}

describe('the secrets API', () => {
  it('adds, replaces, lists and deletes secrets without ever answering a value', async () => {
    server = await start();
    const created = await putSecret(server, 'api_key', VALUE);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'api_key', createdAt: expect.any(String), updatedAt: expect.any(String) });
    const replaced = await putSecret(server, 'api_key', `${VALUE}-2`);
    expect(replaced.status).toBe(200);
    const list = await fetch(`${server.url}/api/secrets`).then((r) => r.text());
    expect(JSON.parse(list).secrets.map((s: { name: string }) => s.name)).toEqual(['api_key']);
    expect(list).not.toContain(VALUE);
    expect(JSON.stringify(created.body) + JSON.stringify(replaced.body)).not.toContain(VALUE);
    expect((await json(server, '/api/secrets/api_key', { method: 'DELETE' })).status).toBe(200);
    const again = await json(server, '/api/secrets/api_key', { method: 'DELETE' });
    expect(again.status).toBe(404);
    expect(again.body?.error.code).toBe('not_found');
  });

  it.each([
    ['a name with a space', 'a%20b', { value: 'x' }, 'name'],
    ['a name with a dot-dot path', '..%2Fetc', { value: 'x' }, 'name'],
    ['a name that starts with a digit', '1abc', { value: 'x' }, 'name'],
    ['a name over 128 characters', 'a'.repeat(129), { value: 'x' }, 'name'],
    ['no value', 'ok_name', {}, 'value'],
    ['an empty value', 'ok_name', { value: '' }, 'value'],
    ['a number as value', 'ok_name', { value: 42 }, 'value'],
    ['an object as value', 'ok_name', { value: { a: 1 } }, 'value'],
    ['a value over 64 KiB', 'ok_name', { value: 'x'.repeat(64 * 1024 + 1) }, 'value'],
    ['an extra field', 'ok_name', { value: 'x', other: 1 }, 'other'],
  ])('refuses %s with a 4xx naming the field', async (_what, name, body, field) => {
    server ??= await start({ bodyLimitBytes: 1024 * 1024 });
    const response = await json(server, `/api/secrets/${name}`, { method: 'PUT', body });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(JSON.stringify(response.body?.error)).toContain(field);
  });

  it('answers any name and any body with a success or a 4xx in the error shape, never a 5xx', async () => {
    server = await start();
    const s = server;
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 200 }),
        fc.jsonValue({ maxDepth: 3 }),
        fc.constantFrom('PUT', 'DELETE', 'GET'),
        async (name, body, method) => {
          const response = await fetch(`${s.url}/api/secrets/${encodeURIComponent(name)}`, {
            method,
            headers: { 'content-type': 'application/json' },
            ...(method === 'PUT' ? { body: JSON.stringify(body) } : {}),
          });
          const text = await response.text();
          expect(response.status, text).toBeLessThan(500);
          if (response.status >= 400) expect(JSON.parse(text).error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
        },
      ),
      { numRuns: 150 },
    );
  });

  it('refuses a body that is not JSON, and never echoes a value in a refusal', async () => {
    server = await start();
    const broken = await json(server, '/api/secrets/ok_name', { method: 'PUT', body: `{"value": "${VALUE}"` });
    expect(broken.status).toBe(400);
    expect(JSON.stringify(broken.body)).not.toContain(VALUE);
    const big = await json(server, '/api/secrets/ok_name', { method: 'PUT', body: { value: VALUE.repeat(3000) } });
    expect(big.status).toBe(400);
    expect(JSON.stringify(big.body)).not.toContain(VALUE);
  });
});

describe('secrets at rest', () => {
  it('are encrypted in the data dir, under a key file only its owner can read, and survive a restart', async () => {
    const dataDir = tempDir();
    server = await start({ dataDir });
    await putSecret(server, 'api_key', VALUE);
    await server.stop();
    server = undefined;
    const keyFile = join(dataDir, 'secret.key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    for (const file of ['pattern.db', 'pattern.db-wal']) {
      const bytes = (() => {
        try {
          return readFileSync(join(dataDir, file));
        } catch {
          return Buffer.alloc(0);
        }
      })();
      expect(bytes.includes(Buffer.from(VALUE))).toBe(false);
    }
    server = await start({ dataDir });
    const saved = await json(server, '/api/workflows/call-api', { method: 'PUT', body: callApi });
    expect(saved.status).toBe(201);
    const answer = await fetch(`${server.url}/call`).then((r) => r.json());
    expect(answer).toEqual({ key: VALUE, user: 'ada' });
  });

  it('refuse to start under another key, naming PATTERN_SECRET_KEY', async () => {
    const dataDir = tempDir();
    server = await start({ dataDir });
    await putSecret(server, 'api_key', VALUE);
    await server.stop();
    server = undefined;
    await expect(start({ dataDir, secretKey: 'ab'.repeat(32) })).rejects.toThrow(/PATTERN_SECRET_KEY/);
    const key = readFileSync(join(dataDir, 'secret.key'), 'utf8').trim();
    server = await start({ dataDir, secretKey: key });
    expect((await json(server, '/api/secrets')).body?.secrets).toHaveLength(1);
  });
});

describe('a workflow that uses a secret', () => {
  it('cannot take the path of the Secrets page as its route', async () => {
    server = await start();
    const route = { nodes: [{ id: 'req', op: 'http.request', config: { method: 'GET', path: '/secrets' } }], edges: [] };
    const saved = await json(server, '/api/workflows/take-secrets', { method: 'PUT', body: route });
    expect(saved.body).toMatchObject({ valid: false, route: null });
    expect(saved.body?.problems[0].code).toBe('route_reserved');
  });

  it('with a secret that does not exist is saved with a problem that names the field', async () => {
    server = await start();
    const saved = await json(server, '/api/workflows/call-api', { method: 'PUT', body: callApi });
    expect(saved.body?.valid).toBe(false);
    expect(saved.body?.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'unknown_secret', path: 'nodes[1].config.headers.X-Api-Key' }),
        expect.objectContaining({ code: 'unknown_secret', path: 'nodes[2].config.data.key' }),
      ]),
    );
  });

  it('sends the real value, keeps it in the document, answers it on the route, and records it nowhere', async () => {
    server = await start();
    await putSecret(server, 'api_key', VALUE);
    const saved = await json(server, '/api/workflows/call-api', { method: 'PUT', body: callApi });
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    const before = received.length;
    const answer = await fetch(`${server.url}/call`);
    expect(answer.status).toBe(200);
    // The route's answer is what the workflow chose to send: here the API's echo of the key.
    expect(await answer.json()).toEqual({ key: VALUE, user: 'ada' });
    expect(received.slice(before)).toEqual([VALUE]);
    const doc = await server.engine.services.get('store').get('keys', 'current');
    expect(doc?.data).toEqual({ key: VALUE });

    // What an export takes, the saved document, holds the reference, never the value.
    const document = await fetch(`${server.url}/api/workflows/call-api`).then((r) => r.text());
    expect(document).toContain('"$secret":"api_key"');
    expect(document).not.toContain(VALUE);

    const runs = await json(server, '/api/runs?workflowId=call-api');
    const id = runs.body?.runs[0].id as string;
    const record = await fetch(`${server.url}/api/runs/${id}`).then((r) => r.text());
    expect(record).not.toContain(VALUE);
    const parsed = JSON.parse(record);
    expect(parsed.nodes.fetch.inputs.headers['X-Api-Key']).toBe('[redacted]');
    expect(parsed.nodes.fetch.outputs.body).toEqual({ key: '[redacted]', user: 'ada' });
    expect(parsed.nodes.keep.inputs.data).toEqual({ key: '[redacted]' });
    const events = await fetch(`${server.url}/api/runs/${id}/events`).then((r) => r.text());
    expect(events).not.toContain(VALUE);
    const listed = await fetch(`${server.url}/api/runs?workflowId=call-api`).then((r) => r.text());
    expect(listed).not.toContain(VALUE);
  });

  it('keeps the value out of the run output in history and out of error messages, live and over SSE', async () => {
    server = await start();
    await putSecret(server, 'api_key', VALUE);
    const returned = await json(server, '/api/runs', {
      method: 'POST',
      body: { workflow: { nodes: [{ id: 'out', op: 'flow.output', config: { value: { key: ref } } }], edges: [] } },
    });
    expect(returned.body?.output, JSON.stringify(returned.body)).toEqual({ key: '[redacted]' });
    const failing = {
      nodes: [
        { id: 'wait', op: 'flow.delay', config: { ms: 50, value: 'x' } },
        { id: 'say', op: 'string.concat', config: { a: 'key was ', b: ref } },
        { id: 'fail', op: 'flow.fail' },
      ],
      edges: [edge('wait', 'value', 'say', 'c'), edge('say', 'text', 'fail', 'message')],
    };
    const started = await json(server, '/api/runs', { method: 'POST', body: { workflow: failing, wait: false } });
    const events = await fetch(`${server.url}/api/runs/${started.body?.id}/events`).then((r) => r.text());
    expect(events).toContain('key was [redacted]');
    expect(events).not.toContain(VALUE);
    const record = await json(server, `/api/runs/${started.body?.id}`);
    expect(record.body?.error.message).toBe('key was [redacted]x');
  });

  it('keeps a caller’s bearer token and cookies out of the record of a route run that reads its headers', async () => {
    server = await start();
    const echo = {
      nodes: [
        { id: 'req', op: 'http.request', config: { method: 'GET', path: '/echo-auth' } },
        { id: 'pick', op: 'object.get', config: { path: 'authorization' } },
        { id: 'answer', op: 'http.response' },
      ],
      edges: [edge('req', 'headers', 'pick', 'object'), edge('pick', 'value', 'answer', 'body')],
    };
    expect((await json(server, '/api/workflows/echo-auth', { method: 'PUT', body: echo })).status).toBe(201);
    const answer = await fetch(`${server.url}/echo-auth`, { headers: { authorization: 'Bearer caller-token-123', cookie: 'sid=caller-cookie-456' } });
    expect(await answer.text()).toBe('Bearer caller-token-123');
    const id = answer.headers.get('x-pattern-run-id') ?? (await json(server, '/api/runs?workflowId=echo-auth')).body?.runs[0].id;
    const record = await fetch(`${server.url}/api/runs/${id}`).then((r) => r.text());
    expect(record).not.toContain('caller-token-123');
    expect(record).not.toContain('caller-cookie-456');
    expect(JSON.parse(record).input.headers.authorization).toBe('[redacted]');
  });
});

describe('secrets on PostgreSQL', () => {
  it('are shared by every server with the same key, and a server with another key does not start', async () => {
    const schema = await freshSchema('secrets_servers');
    const key = 'cd'.repeat(32);
    const one = await start({ databaseUrl: schema.url, secretKey: key });
    const two = await start({ databaseUrl: schema.url, secretKey: key });
    try {
      expect((await putSecret(one, 'api_key', VALUE)).status).toBe(201);
      // Saved through the other server, which learns of the secret from the database.
      await expect.poll(async () => (await json(two, '/api/workflows/call-api', { method: 'PUT', body: callApi })).status).toBeLessThan(300);
      // The route appears on the first server once it hears of the save.
      await expect.poll(async () => (await fetch(`${one.url}/call`)).status).toBe(200);
      expect(await fetch(`${one.url}/call`).then((r) => r.json())).toEqual({ key: VALUE, user: 'ada' });
      await expect(start({ databaseUrl: schema.url, secretKey: 'ef'.repeat(32) })).rejects.toThrow(/PATTERN_SECRET_KEY/);
    } finally {
      await two.stop();
      await one.stop();
      await schema.drop();
    }
  });
});
