import { join } from 'node:path';
import { type RunRecord, type RunStore, sha256, summarize } from '@pattern/core';
import { createPool } from '@pattern/postgres';
import { freshSchema, tempDir } from '@pattern/testing';
import { testServer } from '@pattern/testing/server';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/persistence/database.ts';
import { createPostgresRunStore } from '../src/persistence/runs/postgres.ts';
import { createSqliteRunStore } from '../src/persistence/runs/sqlite.ts';
import { runRecord as run } from './fixtures/run-record.ts';
import { json } from './helpers.ts';

/** How run history is laid out on disk: history from the layout before still reads, and pruning keeps exactly the newest runs. */

const traced = (id: string, patch: Partial<RunRecord> = {}): RunRecord =>
  run(id, {
    startedAt: '2026-01-01T00:00:00.000Z',
    nodes: {
      a: {
        status: 'ok',
        startedAt: '2026-01-01T00:00:00.002Z',
        endedAt: '2026-01-01T00:00:00.007Z',
        durationMs: 5.25,
        inputs: { x: 1 },
        outputs: { value: 'x' },
      },
      b: {
        status: 'error',
        startedAt: 'not a time',
        error: { code: 'e', message: 'm', details: null },
        logs: [{ at: 'now', level: 'info', message: 'hi' }],
      },
      c: { status: 'skipped' },
    },
    ...patch,
  });

/** A data folder as the version before wrote it: one `WITHOUT ROWID` row per run holding the whole record. */
function oldLayout(dataDir: string, records: RunRecord[]): void {
  const db = new Database(join(dataDir, 'pattern.db'));
  db.pragma('journal_mode = WAL');
  db.exec(`CREATE TABLE runs (id TEXT PRIMARY KEY, workflow_id TEXT, status TEXT NOT NULL, graph TEXT, record TEXT NOT NULL) WITHOUT ROWID;
    CREATE INDEX runs_by_workflow ON runs (workflow_id, id);
    CREATE INDEX runs_running ON runs (id) WHERE status = 'running';
    CREATE TABLE run_graphs (hash TEXT PRIMARY KEY, graph TEXT NOT NULL);`);
  for (const record of records) {
    const { graph, ...rest } = record;
    const text = JSON.stringify(graph);
    const hash = sha256(text);
    db.prepare('INSERT OR IGNORE INTO run_graphs (hash, graph) VALUES (?, ?)').run(hash, text);
    db.prepare('INSERT INTO runs VALUES (?, ?, ?, ?, ?)').run(record.id, record.workflowId ?? null, record.status, hash, JSON.stringify(rest));
  }
  db.close();
}

const ids = (runs: RunStore) => runs.list({ limit: 500 }).then((page) => page.runs.map((r) => r.id));

describe('run history in SQLite', () => {
  it('moves history of the layout before into the new one: every run reads back as it was', async () => {
    const dataDir = tempDir();
    const old = [traced('01A'), traced('01B', { status: 'error', workflowId: 'v' }), run('01C', { status: 'running', nodes: {} })];
    oldLayout(dataDir, old);
    const db = openDatabase(join(dataDir, 'pattern.db'));
    const runs = createSqliteRunStore(db, { keep: 10, maxValueBytes: 4096 });
    try {
      for (const record of old) expect(await runs.get(record.id)).toEqual(record);
      expect((await runs.list({ limit: 10 })).runs).toEqual(old.map(summarize).reverse());
      expect((await runs.listRunning()).map((r) => r.id)).toEqual(['01C']);
      expect(Object.keys(await runs.latestByWorkflow()).sort()).toEqual(['v', 'w']);
      await runs.save(traced('01D'));
      expect(await ids(runs)).toEqual(['01D', '01C', '01B', '01A']);
      expect(db.prepare("SELECT sql FROM sqlite_master WHERE name = 'runs'").get()).not.toMatchObject({
        sql: expect.stringContaining('WITHOUT ROWID'),
      });
    } finally {
      await runs.close();
      db.close();
    }
  });

  it('serves history of the layout before through a server started on that data folder', async () => {
    const dataDir = tempDir();
    const old = [traced('01E'), traced('01F', { status: 'error' })];
    oldLayout(dataDir, old);
    const server = await testServer({ dataDir, seed: false });
    try {
      expect((await json(server, '/api/runs')).body?.runs.map((r: { id: string }) => r.id)).toEqual(['01F', '01E']);
      for (const record of old) expect((await json(server, `/api/runs/${record.id}`)).body).toEqual(record);
    } finally {
      await server.stop();
    }
  });

  it('keeps exactly the newest runs.keep runs after every batch, and the graphs only they use', async () => {
    const db = openDatabase(join(tempDir(), 'pattern.db'));
    const runs = createSqliteRunStore(db, { keep: 5, maxValueBytes: 4096 });
    const graphOf = (n: number) => ({ nodes: [{ id: `g${n}`, op: 'value.const' }], edges: [] });
    const written: string[] = [];
    try {
      for (const size of [3, 1, 4, 12, 2, 7]) {
        const batch = Array.from({ length: size }, (_, i) => `01G${String(written.length + i).padStart(4, '0')}`);
        await Promise.all(batch.map((id, i) => runs.save(traced(id, { graph: graphOf(written.length + i) }))));
        written.push(...batch);
        expect(await ids(runs)).toEqual(written.slice(-5).reverse());
      }
      const kept = db.prepare('SELECT count(*) AS n FROM run_graphs').get() as { n: number };
      expect(kept.n).toBe(5);
      for (const id of written.slice(-5)) expect((await runs.get(id))?.graph?.nodes).toHaveLength(1);
    } finally {
      await runs.close();
      db.close();
    }
  });

  it('writes a running run again in its own row at every wave, and anew once it was pruned meanwhile, its graph kept', async () => {
    const db = openDatabase(join(tempDir(), 'pattern.db'));
    const runs = createSqliteRunStore(db, { keep: 5, maxValueBytes: 4096 });
    const graph = { nodes: [{ id: 'w0', op: 'value.const' }], edges: [] };
    const wave = (n: number, status: RunRecord['status'] = 'running') =>
      traced('01K', {
        status,
        graph,
        nodes: Object.fromEntries(Array.from({ length: n }, (_, i) => [`w${i}`, { status: 'ok' as const, outputs: { value: i } }])),
      });
    const seqOf = () => (db.prepare("SELECT seq FROM runs WHERE id = '01K'").get() as { seq: number } | undefined)?.seq;
    const rows = () => (db.prepare('SELECT count(*) AS n FROM runs').get() as { n: number }).n;
    try {
      await runs.save(wave(1));
      const first = seqOf();
      for (let n = 2; n <= 4; n++) await runs.save(wave(n));
      expect(seqOf()).toBe(first);
      expect(rows()).toBe(1);
      expect(Object.keys((await runs.get('01K'))?.nodes ?? {})).toEqual(['w0', 'w1', 'w2', 'w3']);
      expect((await runs.listRunning()).map((r) => r.id)).toEqual(['01K']);
      // Six newer runs push it out of the newest five while it runs.
      for (let i = 0; i < 6; i++) await runs.save(traced(`01L${i}`));
      expect(seqOf()).toBeUndefined();
      await runs.save(wave(5));
      expect(seqOf()).toBeGreaterThan(first ?? 0);
      await runs.save(wave(6, 'ok'));
      const settled = await runs.get('01K');
      expect(settled?.status).toBe('ok');
      expect(Object.keys(settled?.nodes ?? {})).toHaveLength(6);
      expect(settled?.graph).toEqual(graph);
      expect(await runs.listRunning()).toEqual([]);
      // The newer runs share one graph, stored with the first of them, which is pruned by now.
      const kept = await ids(runs);
      expect(kept).toEqual(['01L5', '01L4', '01L3', '01L2', '01K']);
      for (const id of kept.slice(0, 4)) expect((await runs.get(id))?.graph).toEqual(traced(id).graph);
    } finally {
      await runs.close();
      db.close();
    }
  });

  it('prunes a backlog in small steps once runs.keep is lowered', async () => {
    const file = join(tempDir(), 'pattern.db');
    const db = openDatabase(file);
    const before = createSqliteRunStore(db, { keep: 1000, maxValueBytes: 4096 });
    const all = Array.from({ length: 300 }, (_, i) => `01H${String(i).padStart(4, '0')}`);
    await Promise.all(all.map((id) => before.save(run(id))));
    await before.close();
    const runs = createSqliteRunStore(db, { keep: 5, maxValueBytes: 4096 });
    try {
      await runs.save(run('01I'));
      // One run added, so this batch prunes one plus the step of 64.
      expect(await ids(runs)).toHaveLength(301 - 65);
      for (let i = 0; i < 4; i++) await runs.save(run(`01J${i}`));
      expect(await ids(runs)).toEqual(['01J3', '01J2', '01J1', '01J0', '01I']);
    } finally {
      await runs.close();
      db.close();
    }
  });
});

describe('run history in PostgreSQL', () => {
  it('keeps exactly the newest runs.keep runs after every batch, across servers, and reads rows of the layout before', async () => {
    const schema = await freshSchema();
    const pool = createPool(schema.url, 4);
    try {
      // The layout before: the traces inside the record, no traces column, no count.
      await pool.query(
        `CREATE TABLE runs (id TEXT PRIMARY KEY, workflow_id TEXT, status TEXT NOT NULL, instance TEXT NOT NULL, graph TEXT, record JSONB NOT NULL)`,
      );
      const { graph: _graph, ...old } = traced('01K');
      await pool.query('INSERT INTO runs (id, workflow_id, status, instance, record) VALUES ($1, $2, $3, $4, $5::jsonb)', [
        '01K',
        'w',
        'ok',
        'gone',
        JSON.stringify(old),
      ]);
      const a = await createPostgresRunStore(pool, { keep: 4, maxValueBytes: 4096, instanceId: 'a' });
      const b = await createPostgresRunStore(pool, { keep: 4, maxValueBytes: 4096, instanceId: 'b' });
      expect(await a.get('01K')).toEqual(old);
      const written = ['01K'];
      for (const size of [2, 3, 1, 6]) {
        const batch = Array.from({ length: size }, (_, i) => `01L${String(written.length + i).padStart(4, '0')}`);
        await Promise.all(batch.map((id, i) => (i % 2 === 0 ? a : b).save(traced(id))));
        await Promise.all([a.flush(), b.flush()]);
        written.push(...batch);
        expect(await ids(a)).toEqual(written.slice(-4).reverse());
      }
      expect((await pool.query('SELECT n FROM run_count')).rows[0].n).toBe('4');
      expect(await b.get(written.at(-1) as string)).toEqual(traced(written.at(-1) as string));
      await a.close();
      await b.close();
    } finally {
      await pool.end();
      await schema.drop();
    }
  });
});
