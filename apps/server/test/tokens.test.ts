import { join } from 'node:path';
import { tempDir } from '@pattern/testing';
import { testServer } from '@pattern/testing/server';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { PatternServer } from '../src/index.ts';
import { hashToken } from '../src/tokens/tokens.ts';
import { json } from './helpers.ts';

const ADMIN = 'tokens-test-admin-token-0123456789abcdef';
const servers: PatternServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop();
});

async function start(dataDir = tempDir()) {
  const server = await testServer({ adminToken: ADMIN, dataDir, seed: false });
  servers.push(server);
  return server;
}

const as = (token: string) => ({ authorization: `Bearer ${token}` });

describe('API tokens', () => {
  it('mints a token shown once, keeps only its SHA-256, lists it without the text, revokes it', async () => {
    const dataDir = tempDir();
    const server = await start(dataDir);
    const made = await json(server, '/api/tokens', { method: 'POST', headers: as(ADMIN), body: { name: 'ci', scopes: ['runs:read'] } });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ name: 'ci', scopes: ['runs:read'], expiresAt: null, lastUsedAt: null, token: expect.stringMatching(/^pat_/) });
    const token = made.body?.token as string;

    const listed = await json(server, '/api/tokens', { headers: as(ADMIN) });
    expect(listed.body?.tokens).toEqual([
      { id: made.body?.id, name: 'ci', scopes: ['runs:read'], createdAt: expect.any(String), expiresAt: null, lastUsedAt: null },
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(token);

    const db = new Database(join(dataDir, 'pattern.db'), { readonly: true });
    const rows = db.prepare('SELECT * FROM api_tokens').all() as Array<Record<string, unknown>>;
    db.close();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.hash).toBe(hashToken(token));
    expect(JSON.stringify(rows)).not.toContain(token);

    expect((await json(server, '/api/runs', { headers: as(token) })).status).toBe(200);
    // A token, even a right one, cannot mint or list tokens without `admin`.
    expect((await json(server, '/api/tokens', { headers: as(token) })).body?.error).toMatchObject({ code: 'forbidden', details: { scope: 'admin' } });

    expect((await json(server, `/api/tokens/${made.body?.id}`, { method: 'DELETE', headers: as(ADMIN) })).status).toBe(200);
    const revoked = await json(server, '/api/runs', { headers: as(token) });
    expect(revoked.status).toBe(401);
    expect(revoked.body?.error.code).toBe('unauthorized');
    expect((await json(server, `/api/tokens/${made.body?.id}`, { method: 'DELETE', headers: as(ADMIN) })).status).toBe(404);
  });

  it('refuses bad token requests with a 400 naming the field', async () => {
    const server = await start();
    const post = (body: unknown) => json(server, '/api/tokens', { method: 'POST', headers: as(ADMIN), body });
    expect((await post({ name: 'x', scopes: ['runs:everything'] })).body?.error).toMatchObject({
      code: 'bad_request',
      details: { problems: [{ path: 'scopes.0' }] },
    });
    expect((await post({ name: '', scopes: ['admin'] })).body?.error.details.problems[0].path).toBe('name');
    expect((await post({ name: 'x', scopes: [] })).body?.error.details.problems[0].path).toBe('scopes');
    expect((await post({ name: 'x', scopes: ['admin'], expiresAt: '2001-01-01T00:00:00Z' })).body?.error.details.problems[0].path).toBe('expiresAt');
    expect((await post({ name: 'x', scopes: ['admin'], expiresAt: 'tomorrow' })).status).toBe(400);
  });

  it('keeps the last use across a restart, written when the server stops at the latest', async () => {
    const dataDir = tempDir();
    const first = await start(dataDir);
    const { body } = await json(first, '/api/tokens', { method: 'POST', headers: as(ADMIN), body: { name: 'ops', scopes: ['workflows:read'] } });
    for (let i = 0; i < 20; i++) expect((await json(first, '/api/workflows', { headers: as(body?.token) })).status).toBe(200);
    await first.stop();
    servers.splice(servers.indexOf(first), 1);
    const second = await start(dataDir);
    const listed = await json(second, '/api/tokens', { headers: as(ADMIN) });
    expect(listed.body?.tokens[0].lastUsedAt).toEqual(expect.any(String));
    expect((await json(second, '/api/workflows', { headers: as(body?.token) })).status).toBe(200);
  });

  it('counts wrong API tokens in the guess throttle, like wrong admin tokens', async () => {
    const server = await start();
    const wrong = await Promise.all(Array.from({ length: 40 }, () => fetch(`${server.url}/api/workflows`, { headers: as(`pat_${'a'.repeat(43)}`) })));
    const statuses = wrong.map((res) => res.status);
    expect(statuses.filter((s) => s === 401).length).toBeGreaterThanOrEqual(5);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(20);
  }, 30_000);

  it('keeps the admin token and the signed-in session at `admin`', async () => {
    const server = await start();
    const login = await fetch(`${server.url}/login`, { method: 'POST', body: new URLSearchParams({ token: ADMIN }), redirect: 'manual' });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
    expect((await json(server, '/api/tokens', { headers: { cookie } })).status).toBe(200);
    expect((await json(server, '/api/secrets', { headers: as(ADMIN) })).status).toBe(200);
    // Signing in takes the admin token only, never an API token.
    const { body } = await json(server, '/api/tokens', { method: 'POST', headers: as(ADMIN), body: { name: 'all', scopes: ['admin'] } });
    const withToken = await fetch(`${server.url}/login`, { method: 'POST', body: new URLSearchParams({ token: body?.token }), redirect: 'manual' });
    expect(withToken.headers.get('set-cookie')).toBeNull();
  });
});
