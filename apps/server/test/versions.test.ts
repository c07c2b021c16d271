import { join } from 'node:path';
import { tempDir } from '@pattern/testing';
import { testServer } from '@pattern/testing/server';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { PatternServer } from '../src/index.ts';
import { edge, json } from './helpers.ts';

const greeting = (text: string, x = 0) => ({
  name: 'Greet',
  nodes: [
    { id: 'req', op: 'http.request', config: { method: 'GET', path: '/greet/:name' }, position: { x, y: 0 } },
    { id: 'text', op: 'string.template', config: { template: text } },
    { id: 'res', op: 'http.response' },
  ],
  edges: [edge('req', 'params', 'text', 'data'), edge('text', 'text', 'res', 'body')],
});

let server: PatternServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

const hit = async (s: PatternServer) => (await fetch(`${s.url}/greet/Ada`)).text();

describe('workflow versions', () => {
  it('publishes, follows the active version on routes, rolls back and forth, and records runs with their version', async () => {
    server = await testServer({ seed: false });
    await json(server, '/api/workflows/greet', { method: 'PUT', body: greeting('v1 {{ name }}') });
    expect(await hit(server)).toBe('v1 Ada');

    const first = await json(server, '/api/workflows/greet/versions', { method: 'POST', body: { note: 'first' } });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ published: true, version: { version: 1, note: 'first', intact: true } });
    expect(first.body?.version.hash).toMatch(/^[0-9a-f]{64}$/);

    const moved = await json(server, '/api/workflows/greet', { method: 'PUT', body: greeting('v1 {{ name }}', 400) });
    expect(moved.status).toBe(200);
    const same = await json(server, '/api/workflows/greet/versions', { method: 'POST', body: {} });
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({ published: false, version: { version: 1 } });
    expect(same.body?.message).toContain('Nothing to publish');

    await json(server, '/api/workflows/greet', { method: 'PUT', body: greeting('v2 {{ name }}') });
    expect(await hit(server)).toBe('v1 Ada');
    await json(server, '/api/workflows/greet/versions', { method: 'POST', body: { note: 'second' } });
    expect(await hit(server)).toBe('v2 Ada');

    const runs = await json(server, '/api/runs?workflowId=greet&limit=1');
    const last = await json(server, `/api/runs/${runs.body?.runs[0].id}`);
    expect(last.body?.workflowVersion).toBe(2);

    const rollback = await json(server, '/api/workflows/greet/versions/1/activate', { method: 'POST' });
    expect(rollback.body?.activeVersion).toBe(1);
    expect(await hit(server)).toBe('v1 Ada');
    await json(server, '/api/workflows/greet/versions/2/activate', { method: 'POST' });
    expect(await hit(server)).toBe('v2 Ada');

    const list = await json(server, '/api/workflows/greet/versions');
    expect(list.body?.versions.map((v: { version: number; active: boolean }) => [v.version, v.active])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(list.body?.activations.map((a: { version: number; previous: number | null }) => [a.previous, a.version])).toEqual([
      [null, 1],
      [1, 2],
      [2, 1],
      [1, 2],
    ]);
    expect((await json(server, '/api/workflows/greet/versions/latest')).body).toMatchObject({ version: 2, active: true });
    expect((await json(server, '/api/workflows/greet/versions/1')).body?.document.nodes[1].config.template).toBe('v1 {{ name }}');

    const deleteActive = await json(server, '/api/workflows/greet/versions/2', { method: 'DELETE' });
    expect(deleteActive.status).toBe(409);
    expect((await json(server, '/api/workflows/greet/versions/1', { method: 'DELETE' })).status).toBe(204);
    expect((await json(server, '/api/workflows/greet/versions/1')).status).toBe(404);
    expect((await json(server, '/api/workflows/greet/versions/zero')).status).toBe(400);
  });

  it('refuses a version whose stored content no longer matches its hash', async () => {
    const dataDir = tempDir();
    server = await testServer({ dataDir, seed: false });
    await json(server, '/api/workflows/greet', { method: 'PUT', body: greeting('v1 {{ name }}') });
    await json(server, '/api/workflows/greet/versions', { method: 'POST', body: {} });
    await server.stop();

    const db = new Database(join(dataDir, 'pattern.db'));
    const row = db.prepare('SELECT document FROM workflow_versions WHERE workflow_id = ?').get('greet') as { document: string };
    db.prepare('UPDATE workflow_versions SET document = ? WHERE workflow_id = ?').run(row.document.replace('v1 {{ name }}', 'hacked'), 'greet');
    db.close();

    server = await testServer({ dataDir, seed: false });
    const version = await json(server, '/api/workflows/greet/versions/1');
    expect(version.status).toBe(422);
    expect(version.body?.error.code).toBe('integrity_failed');
    const run = await json(server, '/api/runs', { method: 'POST', body: { workflowId: 'greet' } });
    expect(run.body?.error.code).toBe('integrity_failed');
    const route = await fetch(`${server.url}/greet/Ada`);
    expect(route.status).toBe(404);
    expect((await json(server, '/api/workflows/greet')).body?.refusal.code).toBe('integrity_failed');
    expect((await json(server, '/api/workflows/greet/versions')).body?.versions[0].intact).toBe(false);
    const activate = await json(server, '/api/workflows/greet/versions/1/activate', { method: 'POST' });
    expect(activate.body?.error.code).toBe('integrity_failed');
  });
});

describe('packages', () => {
  const pkg = (version: string, template: string) => ({
    manifest: { id: 'greetings', version, name: 'Greetings', description: 'A route that greets.' },
    workflows: [{ id: 'greet', ...greeting(template) }],
    collections: [],
  });

  it('upserts by id and version, lists the newest of each, serves latest and pinned', async () => {
    server = await testServer({ seed: false });
    const created = await json(server, '/api/packages', { method: 'POST', body: pkg('1.0.0', 'a') });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ replaced: false, package: { hash: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    const replaced = await json(server, '/api/packages', { method: 'POST', body: pkg('1.0.0', 'b') });
    expect(replaced.status).toBe(200);
    expect(replaced.body?.replaced).toBe(true);
    expect(replaced.body?.package.hash).not.toBe(created.body?.package.hash);
    expect(replaced.body?.package.updatedAt >= created.body?.package.updatedAt).toBe(true);
    await json(server, '/api/packages', { method: 'POST', body: pkg('1.10.0', 'c') });
    await json(server, '/api/packages', { method: 'POST', body: pkg('1.9.0', 'd') });
    const list = await json(server, '/api/packages');
    expect(list.body?.packages).toHaveLength(1);
    expect(list.body?.packages[0]).toMatchObject({ id: 'greetings', version: '1.10.0', versions: ['1.10.0', '1.9.0', '1.0.0'] });
    expect((await json(server, '/api/packages/greetings')).body?.manifest.version).toBe('1.10.0');
    expect((await json(server, '/api/packages/greetings/1.0.0')).body?.workflows[0].nodes[1].config.template).toBe('b');
    expect((await json(server, '/api/packages/greetings/1.0.0', { method: 'DELETE' })).status).toBe(204);
    expect((await json(server, '/api/packages/greetings/1.0.0')).status).toBe(404);
    const bad = await json(server, '/api/packages', { method: 'POST', body: { manifest: { id: 'x', version: 'one', name: 'X' } } });
    expect(bad.status).toBe(400);
    expect(bad.body?.error.details.problems[0].path).toBe('manifest.version');
  });

  it('installs as drafts or published, and reports a clash instead of overwriting', async () => {
    server = await testServer({ seed: false });
    await json(server, '/api/packages', { method: 'POST', body: pkg('2.0.0', 'pkg {{ name }}') });
    const installed = await json(server, '/api/packages/greetings/2.0.0/install', { method: 'POST', body: { publish: true } });
    expect(installed.body?.workflows).toEqual([{ id: 'greet', replaced: false, version: 1 }]);
    expect(await hit(server)).toBe('pkg Ada');

    await json(server, '/api/workflows/greet', { method: 'PUT', body: greeting('mine {{ name }}') });
    await json(server, '/api/workflows/greet/versions', { method: 'POST', body: {} });
    const clash = await json(server, '/api/packages/greetings/2.0.0/install', { method: 'POST', body: {} });
    expect(clash.status).toBe(409);
    expect(clash.body?.error.details.clashes).toEqual(['greet']);
    expect(await hit(server)).toBe('mine Ada');

    const forced = await json(server, '/api/packages/greetings/2.0.0/install', { method: 'POST', body: { overwrite: true, publish: true } });
    expect(forced.body?.workflows).toEqual([{ id: 'greet', replaced: true, version: 3 }]);
    expect(await hit(server)).toBe('pkg Ada');
  });
});
