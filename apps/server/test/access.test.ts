import { storeMod } from '@pattern/mod-store';
import { testServer } from '@pattern/testing/server';
import { afterEach, describe, expect, it } from 'vitest';
import type { PatternServer } from '../src/index.ts';
import { fromAddress } from './from-address.ts';
import { edge, json } from './helpers.ts';

const TOKEN = 'test-admin-token-0123456789abcdef';
let server: PatternServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

const adminRoutes: Array<[string, string]> = [
  ['GET', '/api/ops'],
  ['GET', '/api/workflows'],
  ['GET', '/api/workflows/hello'],
  ['PUT', '/api/workflows/x'],
  ['DELETE', '/api/workflows/hello'],
  ['POST', '/api/workflows/validate'],
  ['POST', '/api/workflows/hello/versions'],
  ['GET', '/api/runs'],
  ['POST', '/api/runs'],
  ['GET', '/api/runs/x'],
  ['POST', '/api/runs/x/cancel'],
  ['GET', '/api/runs/x/events'],
  ['POST', '/api/ops/math.add/invoke'],
  ['GET', '/api/packages'],
  ['POST', '/api/packages'],
];

describe('access with an admin token', () => {
  it('refuses every admin route without the token, keeps health public, accepts the bearer token', async () => {
    server = await testServer({ adminToken: TOKEN });
    for (const [i, [method, path]] of adminRoutes.entries()) {
      const res = await fetch(`${server.url}${path}`, { method, body: method === 'GET' ? undefined : '{}' });
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
      // Each wrong token from a client of its own: from one address, guesses past the first few are held back.
      const wrong = await fromAddress(`127.0.3.${i + 1}`, `${server.url}${path}`, {
        method,
        headers: { authorization: 'Bearer nope' },
        ...(method === 'GET' ? {} : { body: '{}' }),
      });
      expect(wrong.status, `${method} ${path} with a wrong token`).toBe(401);
    }
    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { auth: boolean }).auth).toBe(true);
    const ok = await fetch(`${server.url}/api/workflows`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(await (await fetch(`${server.url}/hello/Ada`)).text()).toBe('Hello, Ada!');
  });

  it('signs in with the login page: HttpOnly SameSite=Strict cookie, and writes must come from the same origin', async () => {
    server = await testServer({ adminToken: TOKEN });
    const page = await fetch(`${server.url}/workflows/hello`, { headers: { accept: 'text/html' }, redirect: 'manual' });
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe('/login?next=%2Fworkflows%2Fhello');

    const wrong = await fetch(`${server.url}/login`, {
      method: 'POST',
      body: new URLSearchParams({ token: 'guess', next: '/runs' }),
      redirect: 'manual',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();

    const login = await fetch(`${server.url}/login`, {
      method: 'POST',
      body: new URLSearchParams({ token: TOKEN, next: '//evil.example' }),
      redirect: 'manual',
    });
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/');
    const cookie = login.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/pattern_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const session = cookie.split(';')[0] as string;

    expect((await fetch(`${server.url}/api/workflows`, { headers: { cookie: session } })).status).toBe(200);
    const body = JSON.stringify({ nodes: [{ id: 'v', op: 'value.const', config: { value: 1 } }] });
    const crossSite = await fetch(`${server.url}/api/workflows/x`, {
      method: 'PUT',
      headers: { cookie: session, origin: 'https://evil.example' },
      body,
    });
    expect(crossSite.status).toBe(403);
    const noOrigin = await fetch(`${server.url}/api/workflows/x`, { method: 'PUT', headers: { cookie: session }, body });
    expect(noOrigin.status).toBe(403);
    const sameSite = await fetch(`${server.url}/api/workflows/x`, { method: 'PUT', headers: { cookie: session, origin: server.url }, body });
    expect([200, 201]).toContain(sameSite.status);
    expect((await fetch(`${server.url}/api/workflows`, { headers: { cookie: 'pattern_session=9999999999999.forged' } })).status).toBe(401);
  });

  it('slows a client down after repeated failed logins', async () => {
    server = await testServer({ adminToken: TOKEN });
    const attempt = async () => {
      const start = performance.now();
      await fetch(`${server?.url}/login`, { method: 'POST', body: new URLSearchParams({ token: 'wrong' }) });
      return performance.now() - start;
    };
    for (let i = 0; i < 5; i++) await attempt();
    expect(await attempt()).toBeGreaterThanOrEqual(240);
    expect(await attempt()).toBeGreaterThanOrEqual(490);
  });

  it('guards a workflow route whose request node says auth: true', async () => {
    server = await testServer({ adminToken: TOKEN, seed: false });
    const route = (auth: boolean, path: string) => ({
      nodes: [
        { id: 'req', op: 'http.request', config: { path, auth } },
        { id: 'res', op: 'http.response', config: { body: 'secret' } },
      ],
      edges: [edge('req', 'params', 'res', 'headers')],
    });
    const headers = { authorization: `Bearer ${TOKEN}` };
    await json(server, '/api/workflows/private', { method: 'PUT', body: route(true, '/private'), headers });
    await json(server, '/api/workflows/public', { method: 'PUT', body: route(false, '/public'), headers });
    expect((await fetch(`${server.url}/private`)).status).toBe(401);
    expect(await (await fetch(`${server.url}/private`, { headers })).text()).toBe('secret');
    expect((await fetch(`${server.url}/public`)).status).toBe(200);
  });
});

describe('limits and headers', () => {
  it('sends security headers on the app and API; workflow routes get only no-sniffing and no-framing', async () => {
    server = await testServer();
    const api = await fetch(`${server.url}/api/health`);
    expect(api.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(api.headers.get('x-content-type-options')).toBe('nosniff');
    expect(api.headers.get('x-frame-options')).toBe('DENY');
    const route = await fetch(`${server.url}/hello/Ada`);
    expect(route.headers.get('content-security-policy')).toBeNull();
    expect(route.headers.get('x-content-type-options')).toBe('nosniff');
    expect(route.headers.get('x-frame-options')).toBe('DENY');
    expect(api.headers.get('access-control-allow-origin')).toBeNull();
  });

  it("lets a workflow route's own headers win over those defaults, whatever their case", async () => {
    server = await testServer({ seed: false });
    await server.engine.workflows.save('framed', {
      nodes: [
        { id: 'req', op: 'http.request', config: { path: '/framed' } },
        { id: 'res', op: 'http.response', config: { body: '<p>hi</p>', headers: { 'X-Frame-Options': 'SAMEORIGIN', 'content-type': 'text/html' } } },
      ],
      edges: [],
    });
    const route = await fetch(`${server.url}/framed`);
    expect(await route.text()).toBe('<p>hi</p>');
    expect(route.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(route.headers.get('x-content-type-options')).toBe('nosniff');
    const failing = {
      nodes: [
        { id: 'req', op: 'http.request', config: { path: '/failing' } },
        { id: 'fail', op: 'flow.fail', config: { message: 'no' } },
      ],
      edges: [],
    };
    await server.engine.workflows.save('failing', failing);
    const failed = await fetch(`${server.url}/failing`);
    expect(failed.status).toBe(500);
    expect(failed.headers.get('x-content-type-options')).toBe('nosniff');
    expect(failed.headers.get('x-frame-options')).toBe('DENY');
    // Refused before any run, and refused by the error handler: the same defaults.
    await server.engine.workflows.save('typed', {
      nodes: [
        {
          id: 'req',
          op: 'http.request',
          config: { method: 'POST', path: '/typed', bodySchema: { type: 'object', properties: { n: { type: 'number' } }, required: ['n'] } },
        },
        { id: 'res', op: 'http.response', config: { body: 'ok' } },
      ],
      edges: [{ from: { node: 'req', port: 'body' }, to: { node: 'res', port: 'body' } }],
    });
    const { url } = server;
    const post = (body: string) => fetch(`${url}/typed`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    for (const [body, status] of [
      ['{"n":"x"}', 422],
      ['{"n":', 400],
    ] as const) {
      const refused = await post(body);
      expect(refused.status, body).toBe(status);
      expect(refused.headers.get('x-content-type-options'), body).toBe('nosniff');
      expect(refused.headers.get('x-frame-options'), body).toBe('DENY');
    }
  });

  it('answers 429 with Retry-After when every run slot and queue place is taken', async () => {
    server = await testServer({ maxConcurrentRuns: 1, maxQueuedRuns: 0 });
    const slow = { nodes: [{ id: 'w', op: 'flow.delay', config: { ms: 30_000 } }] };
    const first = await json(server, '/api/runs', { method: 'POST', body: { workflow: slow, wait: false } });
    expect(first.status).toBe(202);
    const refused = await json(server, '/api/runs', { method: 'POST', body: { workflow: slow, wait: false } });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.body?.error.code).toBe('rate_limited');
    const route = await fetch(`${server.url}/hello/Ada`);
    expect(route.status).toBe(429);
    await json(server, `/api/runs/${first.body?.id}/cancel`, { method: 'POST' });
    expect(await (await fetch(`${server.url}/hello/Ada`)).text()).toBe('Hello, Ada!');
  });
});

describe('the blob route', () => {
  const upload = async (s: PatternServer) => {
    const res = await fetch(`${s.url}/api/store/blobs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/plain' },
      body: 'a stored file',
    });
    return ((await res.json()) as { id: string }).id;
  };

  it('is public by default, even with an admin token', async () => {
    server = await testServer({ adminToken: TOKEN, mods: [storeMod] });
    const id = await upload(server);
    expect(await (await fetch(`${server.url}/store/blobs/${id}`)).text()).toBe('a stored file');
  });

  it('needs the token when the store says blobRoute: { public: false }', async () => {
    server = await testServer({ adminToken: TOKEN, mods: [storeMod], modOptions: { store: { blobRoute: { public: false } } } });
    const id = await upload(server);
    expect((await fetch(`${server.url}/store/blobs/${id}`)).status).toBe(401);
    const authorized = await fetch(`${server.url}/store/blobs/${id}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(await authorized.text()).toBe('a stored file');
  });
});
