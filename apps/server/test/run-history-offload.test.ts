import { statSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger } from '@pattern/core';
import { tempDir } from '@pattern/testing';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { openDatabase } from '../src/persistence/database.ts';
import { startHistoryThread } from '../src/persistence/runs/history-thread.ts';
import type { RunRow } from '../src/persistence/runs/history-writer.ts';
import { migrateRunTables } from '../src/persistence/runs/sqlite-schema.ts';
import { CHECKPOINT_EVERY_COMMITS, WalCheckpoints } from '../src/persistence/runs/wal-checkpoints.ts';

/** Small batches are committed on the event loop, large ones and the WAL checkpoints by the worker. */

const errors: string[] = [];
const log = createLogger((level, message) => {
  if (level === 'error') errors.push(message);
});

const row = (id: string, traces = '[]'): RunRow => ({ id, workflowId: 'w', status: 'ok', graph: null, summary: JSON.stringify({ id }), traces });

/** Changes this connection made itself: a commit of the worker's connection does not count. */
const ownChanges = (db: Database.Database) => (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;

it('commits a small batch here, a large one on the worker, and every so often one after a checkpoint, which keeps the WAL small', async () => {
  const file = join(tempDir(), 'pattern.db');
  const db = openDatabase(file);
  migrateRunTables(db);
  const thread = startHistoryThread(db, 100_000, log, 0, 1024);
  const other = new Database(file, { readonly: true });
  const count = () => (other.prepare('SELECT count(*) AS n FROM runs').get() as { n: number }).n;
  const walBytes = () => statSync(`${file}-wal`).size;
  let n = 0;
  const small = () => thread.send({ kind: 'batch', rows: [row(`01A${String(n++).padStart(6, '0')}`)], graphs: [] });
  try {
    expect(await thread.started).toBe(true);
    // SQLite no longer checkpoints inside this connection's commits: the worker does.
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const before = ownChanges(db);
    expect(await small()).toEqual({});
    expect(ownChanges(db)).toBe(before + 1);
    for (let i = 1; i < CHECKPOINT_EVERY_COMMITS; i++) await small();
    // That many commits here: the next small batch is the worker's, written after a checkpoint.
    const inline = ownChanges(db);
    expect(await small()).toEqual({});
    expect(ownChanges(db)).toBe(inline);
    const grown = walBytes();
    // The WAL starts over after each such checkpoint instead of growing with every commit.
    for (let i = 0; i < 2 * CHECKPOINT_EVERY_COMMITS; i++) await small();
    expect(walBytes()).toBeLessThan(1.5 * grown);
    const large = ownChanges(db);
    expect(await thread.send({ kind: 'batch', rows: [row('01C', JSON.stringify('x'.repeat(2048)))], graphs: [] })).toEqual({});
    expect(ownChanges(db)).toBe(large);
    expect(count()).toBe(n + 1);
    await thread.stop();
    // Stopped: commits here checkpoint as SQLite does by default again.
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect(errors).toEqual([]);
  } finally {
    other.close();
    db.close();
  }
});

it('says a checkpoint is due every so many commits once handed off, and gives SQLite its own back', () => {
  const db = openDatabase(join(tempDir(), 'pattern.db'));
  const checkpoints = new WalCheckpoints(db, () => {});
  const commits = (k: number) => {
    for (let i = 0; i < k; i++) checkpoints.committed();
  };
  try {
    // Before the hand-off SQLite checkpoints by itself: none is ever due.
    commits(CHECKPOINT_EVERY_COMMITS);
    expect(checkpoints.due()).toBe(false);
    checkpoints.handOff();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    commits(CHECKPOINT_EVERY_COMMITS - 1);
    expect(checkpoints.due()).toBe(false);
    commits(1);
    expect(checkpoints.due()).toBe(true);
    // Asking started the count over.
    expect(checkpoints.due()).toBe(false);
    checkpoints.takeBack();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    commits(CHECKPOINT_EVERY_COMMITS);
    expect(checkpoints.due()).toBe(false);
  } finally {
    checkpoints.takeBack();
    db.close();
  }
});
