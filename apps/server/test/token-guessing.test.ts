import { testServer } from '@pattern/testing/server';
import { afterEach, describe, expect, it } from 'vitest';
import type { PatternServer } from '../src/index.ts';
import { fromAddress } from './from-address.ts';
import { edge } from './helpers.ts';

const TOKEN = 'guessing-admin-token-0123456789abcdef';
let server: PatternServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

const retryAfter = (res: Response) => Number(res.headers.get('retry-after'));
const wrongLogin = (s: PatternServer) => fetch(`${s.url}/login`, { method: 'POST', body: new URLSearchParams({ token: 'a-wrong-guess' }) });

describe('guessing the admin token', () => {
  it('counts 200 parallel wrong sign-ins one by one: past the free few, each is held or refused with a longer Retry-After', async () => {
    server = await testServer({ adminToken: TOKEN, seed: false });
    const answers = await Promise.all(Array.from({ length: 200 }, () => wrongLogin(server as PatternServer)));
    const statuses = answers.map((res) => res.status);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    expect(statuses.filter((s) => s === 401).length).toBeGreaterThanOrEqual(5);
    const refused = answers.filter((res) => res.status === 429);
    expect(refused.length).toBeGreaterThanOrEqual(150);
    const waits = refused.map(retryAfter).sort((a, b) => a - b);
    // Every refusal waits its own turn behind the ones before it: no two are told the same time.
    expect(new Set(waits).size).toBe(waits.length);
    expect(waits[0]).toBeGreaterThanOrEqual(10);
    expect(waits.at(-1)).toBeGreaterThanOrEqual(150 * 8);
    expect(await refused[0]?.text()).toContain('Too many wrong tokens');
  }, 30_000);

  it('puts wrong bearer tokens on the same throttle as sign-in; a right token from that address waits its turn too', async () => {
    server = await testServer({ adminToken: TOKEN, seed: false });
    await server.engine.workflows.save('private', {
      nodes: [
        { id: 'req', op: 'http.request', config: { path: '/private', auth: true } },
        { id: 'res', op: 'http.response', config: { body: 'secret' } },
      ],
      edges: [edge('req', 'params', 'res', 'headers')],
    });
    const url = server.url;
    const wrong = await Promise.all(
      Array.from({ length: 40 }, () => fetch(`${url}/api/workflows`, { headers: { authorization: 'Bearer a-wrong-guess' } })),
    );
    const refused = wrong.filter((res) => res.status === 429);
    expect(refused.length).toBeGreaterThanOrEqual(20);
    expect(await refused[0]?.json()).toMatchObject({ error: { code: 'rate_limited', details: { retryAfterSeconds: expect.any(Number) } } });

    // One more wrong bearer token, then a wrong sign-in: the sign-in queues behind it, a full turn later.
    const bearer = await fetch(`${url}/api/workflows`, { headers: { authorization: 'Bearer a-wrong-guess' } });
    const login = await wrongLogin(server);
    expect(login.status).toBe(429);
    expect(retryAfter(login)).toBeGreaterThanOrEqual(retryAfter(bearer) + 7);

    const right = await fetch(`${url}/api/workflows`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(right.status).toBe(429);
    expect((await fetch(`${url}/private`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(429);

    // Another client is not held back by this one.
    const elsewhere = await fromAddress('127.0.0.2', `${url}/api/workflows`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(elsewhere.status).toBe(200);
    expect((await fromAddress('127.0.0.2', `${url}/private`, { headers: { authorization: `Bearer ${TOKEN}` } })).text).toBe('secret');
  }, 30_000);

  it('lets the right token in after a few mistakes, once its turn comes', async () => {
    server = await testServer({ adminToken: TOKEN, seed: false });
    for (let i = 0; i < 5; i++) expect((await wrongLogin(server)).status).toBe(401);
    const login = await fetch(`${server.url}/login`, { method: 'POST', body: new URLSearchParams({ token: TOKEN }), redirect: 'manual' });
    expect(login.status).toBe(303);
    expect(login.headers.get('set-cookie')).toMatch(/pattern_session=/);
    // The sign-in cleared the address: the next mistake is free again.
    expect((await wrongLogin(server)).status).toBe(401);
  });
});
