import { testServer } from '@pattern/testing/server';
import { afterEach, describe, expect, it } from 'vitest';
import type { PatternServer } from '../src/index.ts';

const TOKEN = 'proxy-admin-token-0123456789abcdef';
let server: PatternServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function signIn(s: PatternServer, headers: Record<string, string> = {}): Promise<{ session: string; cookie: string }> {
  const login = await fetch(`${s.url}/login`, { method: 'POST', headers, body: new URLSearchParams({ token: TOKEN }), redirect: 'manual' });
  expect(login.status).toBe(303);
  const cookie = login.headers.get('set-cookie') ?? '';
  return { session: cookie.split(';')[0] as string, cookie };
}

const workflow = JSON.stringify({ nodes: [{ id: 'v', op: 'value.const', config: { value: 1 } }] });

describe('signing out', () => {
  it('is a change like any other: refused from another site, done from this one', async () => {
    server = await testServer({ adminToken: TOKEN, seed: false });
    const { session } = await signIn(server);
    const logout = (headers: Record<string, string>) => fetch(`${server?.url}/logout`, { method: 'POST', headers, redirect: 'manual' });
    const crossSite = await logout({ cookie: session, origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers.get('set-cookie')).toBeNull();
    expect(await crossSite.json()).toMatchObject({ error: { code: 'forbidden' } });
    expect((await logout({ cookie: session })).status).toBe(403);
    const own = await logout({ cookie: session, origin: server.url });
    expect(own.status).toBe(303);
    expect(own.headers.get('set-cookie')).toMatch(/pattern_session=;/);
  });
});

describe('forwarded headers', () => {
  it('ignores X-Forwarded-Host in the origin check unless a proxy is trusted', async () => {
    server = await testServer({ adminToken: TOKEN, seed: false });
    const { session } = await signIn(server);
    const forged = { cookie: session, origin: 'https://evil.example', 'x-forwarded-host': 'evil.example' };
    expect((await fetch(`${server.url}/api/workflows/x`, { method: 'PUT', headers: forged, body: workflow })).status).toBe(403);
    await server.stop();

    server = await testServer({ adminToken: TOKEN, seed: false, trustProxy: true });
    const proxied = await signIn(server);
    const viaProxy = { cookie: proxied.session, origin: 'https://pattern.example', 'x-forwarded-host': 'pattern.example' };
    expect([200, 201]).toContain((await fetch(`${server.url}/api/workflows/x`, { method: 'PUT', headers: viaProxy, body: workflow })).status);
  });

  it('sends HSTS and marks the session Secure only over HTTPS, which X-Forwarded-Proto says only behind a trusted proxy', async () => {
    server = await testServer({ adminToken: TOKEN, seed: false });
    const claimsHttps = { 'x-forwarded-proto': 'https' };
    expect((await fetch(`${server.url}/api/health`)).headers.get('strict-transport-security')).toBeNull();
    expect((await fetch(`${server.url}/api/health`, { headers: claimsHttps })).headers.get('strict-transport-security')).toBeNull();
    expect((await fetch(`${server.url}/login`, { headers: claimsHttps })).headers.get('strict-transport-security')).toBeNull();
    expect((await signIn(server, claimsHttps)).cookie).not.toMatch(/Secure/);
    await server.stop();

    server = await testServer({ adminToken: TOKEN, seed: false, trustProxy: true });
    expect((await fetch(`${server.url}/api/health`)).headers.get('strict-transport-security')).toBeNull();
    expect((await fetch(`${server.url}/api/health`, { headers: claimsHttps })).headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect((await signIn(server, claimsHttps)).cookie).toMatch(/Secure/);
  });

  it('tells guessing clients apart by X-Forwarded-For only behind a trusted proxy, and then by the entry the proxy added', async () => {
    // Twenty wrong guesses at once; once one is refused, the ones still held back are not waited for.
    const guesses = async (s: PatternServer, forwardedFor: (i: number) => string) => {
      const statuses: number[] = [];
      const stop = new AbortController();
      await Promise.allSettled(
        Array.from({ length: 20 }, async (_, i) => {
          const headers = { authorization: 'Bearer a-wrong-guess', 'x-forwarded-for': forwardedFor(i) };
          const res = await fetch(`${s.url}/api/workflows`, { headers, signal: stop.signal });
          statuses.push(res.status);
          if (res.status === 429) stop.abort();
        }),
      );
      return statuses;
    };

    server = await testServer({ adminToken: TOKEN, seed: false });
    expect(await guesses(server, (i) => `198.51.100.${i}`)).toContain(429);
    await server.stop();

    server = await testServer({ adminToken: TOKEN, seed: false, trustProxy: true });
    expect(new Set(await guesses(server, (i) => `198.51.100.${i}`))).toEqual(new Set([401]));
    expect(await guesses(server, (i) => `198.51.100.${i}, 203.0.113.7`)).toContain(429);
  });
});
