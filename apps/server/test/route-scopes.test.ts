import type { Engine, ModDefinition } from '@pattern/core';
import { tempDir } from '@pattern/testing';
import { testServer } from '@pattern/testing/server';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PatternServer } from '../src/index.ts';
import { LoopMonitor } from '../src/stats/loop-monitor.ts';
import { RouteScopes } from '../src/tokens/route-scopes.ts';
import { SCOPES, type Scope } from '../src/tokens/scopes.ts';
import { defaultModsApp } from './fixtures/default-mods-app.ts';

const ADMIN = 'route-scopes-admin-token-0123456789abcdef';
const scopes = new RouteScopes();
let mods: ModDefinition[];
let engine: Engine;
let app: Hono;
let server: PatternServer;
const tokenWith = new Map<string, string>();

beforeAll(async () => {
  ({ mods, engine, app } = await defaultModsApp(() => ({ loop: new LoopMonitor(), adminToken: ADMIN })));
  server = await testServer({ mods, adminToken: ADMIN, dataDir: tempDir() });
  for (const scope of SCOPES) tokenWith.set(scope, await mint([scope]));
  for (const scope of SCOPES) tokenWith.set(`all but ${scope}`, await mint(SCOPES.filter((s) => s !== scope && s !== 'admin')));
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await engine?.stop();
});

async function mint(tokenScopes: Scope[]): Promise<string> {
  const res = await fetch(`${server.url}/api/tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}` },
    body: JSON.stringify({ name: tokenScopes.join(' '), scopes: tokenScopes }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { token: string }).token;
}

/** Every route the app serves under /api, the mods' too. */
function guardedRoutes(): Array<{ method: string; path: string }> {
  const seen = new Set<string>();
  return app.routes
    .filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/'))
    .filter((r) => !seen.has(`${r.method} ${r.path}`) && Boolean(seen.add(`${r.method} ${r.path}`)))
    .map(({ method, path }) => ({ method, path }));
}

const concrete = (path: string) => path.replace(/:[A-Za-z]+/g, 'zz-none').replace(/\*$/, 'zz-none');

async function call(method: string, path: string, token: string | undefined): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}${concrete(path)}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
    ...(method === 'GET' || method === 'HEAD' ? {} : { body: '{}' }),
  });
  const type = res.headers.get('content-type') ?? '';
  const body = type.includes('application/json') ? await res.json() : await res.body?.cancel();
  return { status: res.status, body };
}

describe('route scopes', () => {
  it('declares a scope for every route served under /api, the mods’ too', () => {
    const routes = guardedRoutes();
    expect(routes.length).toBeGreaterThan(50);
    const undeclared = routes.filter((r) => scopes.declared(r.method, concrete(r.path)) === undefined);
    expect(undeclared).toEqual([]);
    // A route nobody declared needs the admin: a new one is never open to every token by mistake.
    expect(scopes.declared('GET', '/api/not-declared-anywhere')).toBeUndefined();
    expect(scopes.needed('GET', '/api/not-declared-anywhere')).toBe('admin');
  });

  it('reads spellings of a path the same way, and data routes by method', () => {
    expect(scopes.needed('GET', '//API/Runs/abc/')).toBe('runs:read');
    expect(scopes.needed('HEAD', '/api/store/collections')).toBe('data:read');
    expect(scopes.needed('DELETE', '/api/store/leases/k')).toBe('data:write');
    expect(scopes.needed('POST', '/api/events/parked/p1/retry')).toBe('data:write');
    expect(scopes.needed('PUT', '/api/secrets/stripe')).toBe('secrets:write');
    expect(scopes.needed('GET', '/api/secrets')).toBe('admin');
    expect(scopes.needed('GET', '/api/health')).toBe('public');
  });

  it('refuses, route by route, a token without the declared scope (403 naming it) and lets one with it through', async () => {
    const checked: string[] = [];
    for (const { method, path } of guardedRoutes()) {
      const scope = scopes.needed(method, concrete(path));
      if (scope === 'token') continue;
      if (scope === 'public') {
        expect((await call(method, path, undefined)).status, `${method} ${path}`).not.toBe(401);
        continue;
      }
      const without = await call(method, path, tokenWith.get(`all but ${scope}`));
      expect(without.status, `${method} ${path} without ${scope}`).toBe(403);
      expect(without.body.error, `${method} ${path}`).toEqual({
        code: 'forbidden',
        message: `This token does not have the scope ${scope}`,
        details: { scope },
      });
      const granted = await call(method, path, tokenWith.get(scope));
      expect([401, 403], `${method} ${path} with ${scope}: ${JSON.stringify(granted.body)}`).not.toContain(granted.status);
      const admin = await call(method, path, tokenWith.get('admin'));
      expect([401, 403], `${method} ${path} with admin`).not.toContain(admin.status);
      checked.push(`${method} ${path}`);
    }
    expect(checked.length).toBeGreaterThan(50);
  }, 120_000);
});
