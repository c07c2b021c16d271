import { createHmac } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { type PatternServer, testServer } from '@pattern/testing/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installedMods } from './helpers/installed-mods.ts';
import { workflowFences } from './helpers/workflow-fences.ts';

const [fence] = workflowFences([fileURLToPath(new URL('../handbook/guides', import.meta.url))]).filter((f) => f.file.endsWith('webhooks.md'));
const SECRET = 'the secret you gave the provider';

let server: PatternServer;
const api = (path: string, init: RequestInit = {}) =>
  fetch(`${server.url}${path}`, { ...init, headers: { 'content-type': 'application/json', ...init.headers } });
const deliver = (body: string, headers: Record<string, string>) =>
  fetch(`${server.url}/hooks/orders`, { method: 'POST', body, headers: { 'content-type': 'text/plain', ...headers } });
/** The part of the store's service this test reads, typed here rather than by importing the store's types. */
const store = () =>
  server.engine.services.get<{
    get(collection: string, id: string): Promise<{ data: unknown } | undefined>;
    query(input: { collection: string }): Promise<{ docs: unknown[] }>;
  }>('store');
const sign = (body: string, secret = SECRET) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

beforeAll(async () => {
  server = await testServer({ mods: installedMods, port: 0 });
  expect((await api('/api/secrets/webhook_secret', { method: 'PUT', body: JSON.stringify({ value: SECRET }) })).status).toBeLessThan(300);
  const document = JSON.parse(fence?.source ?? '{}') as { id: string };
  const saved = await api(`/api/workflows/${document.id}`, { method: 'PUT', body: JSON.stringify(document) });
  expect(saved.status, await saved.clone().text()).toBeLessThan(300);
});

afterAll(async () => {
  await server?.stop();
});

describe('Receiving webhooks: Verify a webhook, served by a real server', () => {
  it('is the guide’s workflow', () => {
    expect(fence?.name).toBe('Verify a webhook');
  });

  it('stores a delivery signed with the secret and answers 202', async () => {
    const body = '{"order":"o-1","status":"paid"}';
    const answer = await deliver(body, { 'x-hub-signature-256': sign(body) });
    expect(answer.status).toBe(202);
    const doc = (await answer.json()) as { id: string; data: unknown };
    expect(doc.data).toEqual({ order: 'o-1', status: 'paid' });
    expect((await store().get('webhooks', doc.id))?.data).toEqual({ order: 'o-1', status: 'paid' });
  });

  it('checks a JSON delivery over the bytes sent, not over its parsed value', async () => {
    const body = '{ "order": "o-4",  "status": "paid" }';
    const answer = await fetch(`${server.url}/hooks/orders`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(body) },
    });
    expect(answer.status).toBe(202);
    const reformatted = JSON.stringify(JSON.parse(body));
    const forged = await fetch(`${server.url}/hooks/orders`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(reformatted) },
    });
    expect(forged.status).toBe(401);
  });

  it('answers 401 and stores nothing for a wrong, foreign, missing or replayed-onto-another-body signature', async () => {
    const body = '{"order":"o-2","status":"paid"}';
    const attempts: Array<Record<string, string>> = [
      { 'x-hub-signature-256': 'sha256=0000' },
      { 'x-hub-signature-256': sign(body, 'someone else’s secret') },
      {},
      { 'x-hub-signature-256': sign('{"order":"o-3","status":"paid"}') },
    ];
    for (const headers of attempts) {
      const answer = await deliver(body, headers);
      expect(answer.status, JSON.stringify(headers)).toBe(401);
      expect(await answer.text()).toBe('The signature does not match.');
    }
    // Only the genuine deliveries of the tests before are stored.
    expect((await store().query({ collection: 'webhooks' })).docs).toHaveLength(2);
    await server.engine.runs.flush();
    const { runs } = await server.engine.runs.list({ workflowId: 'webhooks.receive', limit: 50 });
    expect(runs.length).toBe(7);
    for (const summary of runs) {
      const run = await server.engine.getRun(summary.id);
      // The secret never shows in what a run leaves behind.
      expect(JSON.stringify(run)).not.toContain(SECRET);
      if (run?.nodes.rejected?.status === 'ok') expect(run.nodes.save?.status).toBe('skipped');
    }
  });
});
