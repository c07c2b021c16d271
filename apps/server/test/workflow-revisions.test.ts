import { join } from 'node:path';
import { freshSchema, tempDir } from '@pattern/testing';
import { testServer } from '@pattern/testing/server';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { PatternServer } from '../src/index.ts';
import { json } from './helpers.ts';

const SECRET_KEY = 'c1'.repeat(32);

const doc = (value: string) => ({ nodes: [{ id: 'a', op: 'value.const', config: { value } }], edges: [] });

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function started(options: Parameters<typeof testServer>[0]): Promise<PatternServer> {
  const server = await testServer({ seed: false, secretKey: SECRET_KEY, ...options });
  cleanups.push(() => server.stop());
  return server;
}

const put = (server: PatternServer, id: string, body: unknown, revision?: string) =>
  json(server, `/api/workflows/${id}`, { method: 'PUT', body, headers: revision ? { 'If-Match': `"${revision}"` } : {} });

const storages: Record<string, () => Promise<PatternServer[]>> = {
  memory: async () => [await started({ storage: 'memory' })],
  sqlite: async () => [await started({})],
  postgres: async () => {
    const schema = await freshSchema();
    cleanups.push(() => schema.drop());
    return [await started({ databaseUrl: schema.url }), await started({ databaseUrl: schema.url })];
  },
};

describe.each(Object.keys(storages))('workflow revisions on %s', (name) => {
  const open = storages[name] as () => Promise<PatternServer[]>;

  it('gives every save a new revision, sends it as the ETag and refuses a stale If-Match with the current document', async () => {
    const [server] = (await open()) as [PatternServer];
    const created = await put(server, 'w', doc('one'));
    expect(created.status).toBe(201);
    const first = created.body?.revision as string;
    expect(first).toMatch(/\S/);
    expect(created.headers.get('etag')).toBe(`"${first}"`);
    const read = await json(server, '/api/workflows/w');
    expect(read.headers.get('etag')).toBe(`"${first}"`);
    expect(read.body?.revision).toBe(first);

    const second = await put(server, 'w', doc('two'), first);
    expect(second.status).toBe(200);
    expect(second.body?.revision).not.toBe(first);

    const stale = await put(server, 'w', doc('three'), first);
    expect(stale.status).toBe(409);
    expect(stale.body?.error).toMatchObject({ code: 'conflict', details: { id: 'w', revision: second.body?.revision } });
    expect(stale.body?.error.details.document.nodes[0].config.value).toBe('two');
    expect((await json(server, '/api/workflows/w')).body?.document.nodes[0].config.value).toBe('two');

    const weak = await json(server, '/api/workflows/w', {
      method: 'PUT',
      body: doc('four'),
      headers: { 'If-Match': `W/"${second.body?.revision}"` },
    });
    expect(weak.status).toBe(200);
    expect((await put(server, 'w', doc('five'))).status).toBe(200);
    expect((await put(server, 'missing', doc('x'), first)).status).toBe(409);
  });

  it('lets exactly one of two concurrent saves from the same revision win', async () => {
    const servers = await open();
    const [a] = servers as [PatternServer];
    const b = servers[1] ?? a;
    const base = (await put(a, 'race', doc('base'))).body?.revision as string;
    if (b !== a) await waitFor(async () => (await json(b, '/api/workflows/race')).body?.revision === base);
    const answers = await Promise.all([put(a, 'race', doc('from a'), base), put(b, 'race', doc('from b'), base)]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const winner = answers.find((answer) => answer.status === 200)?.body;
    const loser = answers.find((answer) => answer.status === 409)?.body;
    expect(loser?.error.details.revision).toBe(winner?.revision);
    expect(loser?.error.details.document).toEqual(winner?.document);
  });
});

describe('workflow revisions in an existing data dir', () => {
  it('gives workflows saved before revisions one when the server starts', async () => {
    const dataDir = tempDir();
    const db = new Database(join(dataDir, 'pattern.db'));
    db.exec(`CREATE TABLE workflows (id TEXT PRIMARY KEY, document TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, active_version INTEGER);
      INSERT INTO workflows VALUES ('old', '${JSON.stringify({ id: 'old', ...doc('old') })}', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', NULL);`);
    db.close();
    const server = await started({ dataDir });
    const read = await json(server, '/api/workflows/old');
    expect(read.status).toBe(200);
    const revision = read.body?.revision as string;
    expect(revision).toMatch(/\S/);
    expect((await put(server, 'old', doc('new'), 'not-it')).status).toBe(409);
    expect((await put(server, 'old', doc('new'), revision)).status).toBe(200);
  });
});

async function waitFor(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the other server never saw the save');
}
