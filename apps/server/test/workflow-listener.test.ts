import { createPool, type Pool } from '@pattern/postgres';
import { freshSchema, TEST_DATABASE_URL } from '@pattern/testing';
import { testServer } from '@pattern/testing/server';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { PatternServer } from '../src/index.ts';
import { createPostgresWorkflowStore } from '../src/persistence/workflows/postgres.ts';
import { edge, json } from './helpers.ts';

/**
 * Servers on one database hear of each other's workflow changes over a LISTEN connection. When
 * that connection is lost, the server makes it again and catches up on what it missed.
 */

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A fresh schema, and its URL with an application_name that marks the connections of the one server the test cuts. */
async function database() {
  const schema = await freshSchema('workflow_listen');
  cleanups.push(schema.drop);
  const marked = new URL(schema.url);
  marked.searchParams.set('application_name', schema.schema);
  return { url: schema.url, markedUrl: marked.toString(), mark: schema.schema };
}

/** The LISTENing backends of the marked connections; with `cut`, terminated as a network fault or a database restart would. */
async function listening(mark: string, cut = false): Promise<number[]> {
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ pid: number }>(
      // The listener only: it LISTENs for workflows, secrets and workflow states alike; the pool's connections never do.
      `SELECT pid${cut ? ', pg_terminate_backend(pid)' : ''} FROM pg_stat_activity WHERE application_name = $1 AND query LIKE 'LISTEN %'`,
      [mark],
    );
    return rows.map((row) => row.pid);
  } finally {
    await admin.end();
  }
}

async function eventually(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  const end = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const listensAgain = (mark: string, before: number | undefined) => async () => {
  const now = await listening(mark);
  return now.length === 1 && now[0] !== before;
};

const greeting = (path: string, text: string) => ({
  nodes: [
    { id: 'req', op: 'http.request', config: { method: 'GET', path } },
    { id: 'text', op: 'string.template', config: { template: text } },
    { id: 'res', op: 'http.response' },
  ],
  edges: [edge('req', 'params', 'text', 'data'), edge('text', 'text', 'res', 'body')],
});

async function start(databaseUrl: string): Promise<PatternServer> {
  const server = await testServer({ databaseUrl, seed: false });
  cleanups.push(() => server.stop());
  return server;
}

const served = (server: PatternServer, path: string, text: string) => async () => {
  const response = await fetch(`${server.url}${path}`);
  return response.status === 200 && (await response.text()) === text;
};

describe('workflow changes across servers on PostgreSQL', () => {
  it('serves on server B a workflow saved on server A after B lost its listening connection', async () => {
    const db = await database();
    const a = await start(db.url);
    const b = await start(db.markedUrl);
    expect((await json(a, '/api/workflows/greet', { method: 'PUT', body: greeting('/greet', 'first') })).status).toBe(201);
    await eventually(served(b, '/greet', 'first'), 'B serves the first version');
    const [before] = await listening(db.mark);
    expect(before).toBeDefined();

    expect(await listening(db.mark, true)).toEqual([before]);
    // Saved while B may still be reconnecting: B catches up either way.
    expect((await json(a, '/api/workflows/greet', { method: 'PUT', body: greeting('/greet', 'second') })).status).toBe(200);
    await eventually(served(b, '/greet', 'second'), 'B serves what A saved after the cut');

    await eventually(listensAgain(db.mark, before), 'B listens on a new connection');
    await json(a, '/api/workflows/hello', { method: 'PUT', body: greeting('/hello', 'new here') });
    await eventually(served(b, '/hello', 'new here'), 'B serves a workflow A created once B listens again');
    expect((await json(b, '/api/workflows/hello')).status).toBe(200);
  });

  it('reports every workflow it knows or the database holds as changed once it listens again', async () => {
    const db = await database();
    const pools: Pool[] = [createPool(db.url, 2), createPool(db.markedUrl, 2)];
    cleanups.push(async () => {
      for (const pool of pools) await pool.end();
    });
    const [a, b] = await Promise.all(pools.map((pool) => createPostgresWorkflowStore(pool)));
    if (!a || !b) throw new Error('two stores expected');
    cleanups.push(async () => {
      await a.close();
      await b.close();
    });
    await a.put('kept', greeting('/kept', 'kept'));
    await a.put('doomed', greeting('/doomed', 'doomed'));
    expect((await b.list()).map((saved) => saved.id)).toEqual(['doomed', 'kept']);
    const reported: string[] = [];
    b.watch?.((id) => reported.push(id));
    await eventually(async () => (await listening(db.mark)).length === 1, 'B listens');
    const [before] = await listening(db.mark);

    await listening(db.mark, true);
    await a.delete('doomed');
    await a.put('born', greeting('/born', 'born'));
    await eventually(listensAgain(db.mark, before), 'B listens again');
    // "kept" never changed: only catching up after the reconnect reports it.
    await eventually(() => ['kept', 'doomed', 'born'].every((id) => reported.includes(id)), 'every workflow is reported');
  });
});
