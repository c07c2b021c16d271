import { join } from 'node:path';
import { createLogger } from '@pattern/core';
import { tempDir } from '@pattern/testing';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { openDatabase } from '../src/persistence/database.ts';
import { BUSY_BATCH_RUNS, startHistoryThread, startsWorker } from '../src/persistence/runs/history-thread.ts';
import type { RunRow } from '../src/persistence/runs/history-writer.ts';
import { migrateRunTables } from '../src/persistence/runs/sqlite-schema.ts';

/** The thread run history is written on: its commits are the database's, and what it refuses it leaves out whole. */

const errors: string[] = [];
const log = createLogger((level, message) => {
  if (level === 'error') errors.push(message);
});

const row = (id: string, graph: string | null = null): RunRow => ({
  id,
  workflowId: 'w',
  status: 'ok',
  graph,
  summary: JSON.stringify({ id, status: 'ok' }),
  traces: '[]',
});

it('commits on a worker thread with its own connection, refuses a batch whole, and writes on after it stops', async () => {
  const file = join(tempDir(), 'pattern.db');
  const db = openDatabase(file);
  migrateRunTables(db);
  const thread = startHistoryThread(db, 3, log, 0);
  const other = new Database(file, { readonly: true });
  const ids = () => (other.prepare('SELECT id FROM runs ORDER BY seq').all() as Array<{ id: string }>).map((r) => r.id);
  try {
    expect(await thread.started).toBe(true);
    expect(await thread.send({ kind: 'batch', rows: [row('01A'), row('01B', 'g1')], graphs: [{ hash: 'g1', text: '{}' }] })).toEqual({});
    expect(ids()).toEqual(['01A', '01B']);
    // A graph it is told is stored but is not: the whole batch is refused, nothing of it committed.
    const refused = await thread.send({ kind: 'batch', rows: [row('01C', 'g2')], graphs: [{ hash: 'g2', text: undefined }] });
    expect(refused.error).toContain('g2');
    expect(ids()).toEqual(['01A', '01B']);
    // Past runs.keep (3), the oldest go, and with the last run that used it, its graph.
    expect(await thread.send({ kind: 'batch', rows: [row('01D')], graphs: [] })).toEqual({});
    expect(ids()).toEqual(['01A', '01B', '01D']);
    expect(await thread.send({ kind: 'batch', rows: [row('01E')], graphs: [] })).toEqual({});
    expect(ids()).toEqual(['01B', '01D', '01E']);
    expect(await thread.send({ kind: 'batch', rows: [row('01F')], graphs: [] })).toEqual({ graphsPruned: true });
    expect(ids()).toEqual(['01D', '01E', '01F']);
    expect(other.prepare('SELECT count(*) AS n FROM run_graphs').get()).toEqual({ n: 0 });
    await thread.stop();
    expect(await thread.send({ kind: 'withheld', row: row('01G') })).toEqual({});
    expect(ids()).toContain('01G');
    expect(errors).toEqual([]);
  } finally {
    other.close();
    db.close();
  }
});

it('starts the worker only once history has made that many writes on this thread', async () => {
  const file = join(tempDir(), 'pattern.db');
  const db = openDatabase(file);
  migrateRunTables(db);
  const thread = startHistoryThread(db, 100, log, 2);
  try {
    for (const id of ['01I', '01J', '01K']) expect(await thread.send({ kind: 'batch', rows: [row(id)], graphs: [] })).toEqual({});
    expect(await thread.started).toBe(true);
    expect(await thread.send({ kind: 'batch', rows: [row('01L')], graphs: [] })).toEqual({});
    expect(db.prepare('SELECT id FROM runs ORDER BY seq').all()).toEqual(['01I', '01J', '01K', '01L'].map((id) => ({ id })));
  } finally {
    await thread.stop();
    db.close();
  }
});

it('starts the worker at once for a batch of many runs, not for one large run', async () => {
  const large = { ...row('01M'), traces: JSON.stringify(['x'.repeat(200_000)]) };
  const many = Array.from({ length: BUSY_BATCH_RUNS }, (_, i) => row(`01N${String(i).padStart(2, '0')}`));
  expect(startsWorker(1, 200, { kind: 'batch', rows: [large], graphs: [] })).toBe(false);
  expect(startsWorker(1, 200, { kind: 'batch', rows: many.slice(1), graphs: [] })).toBe(false);
  expect(startsWorker(1, 200, { kind: 'batch', rows: many, graphs: [] })).toBe(true);
  expect(startsWorker(201, 200, { kind: 'withheld', row: row('01O') })).toBe(true);

  const file = join(tempDir(), 'pattern.db');
  const db = openDatabase(file);
  migrateRunTables(db);
  const thread = startHistoryThread(db, 1000, log, 1000);
  try {
    expect(await thread.send({ kind: 'batch', rows: many, graphs: [] })).toEqual({});
    expect(await thread.started).toBe(true);
    expect(db.prepare('SELECT count(*) AS n FROM runs').get()).toEqual({ n: BUSY_BATCH_RUNS });
  } finally {
    await thread.stop();
    db.close();
  }
});

it('writes an in-memory database on this thread', async () => {
  const db = openDatabase(':memory:');
  migrateRunTables(db);
  const thread = startHistoryThread(db, 3, log);
  expect(await thread.started).toBe(false);
  expect(await thread.send({ kind: 'batch', rows: [row('01H')], graphs: [] })).toEqual({});
  expect(db.prepare('SELECT id FROM runs').all()).toEqual([{ id: '01H' }]);
  db.close();
});
