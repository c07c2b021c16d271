import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_BATCH, openSqlite, SqliteWriteBatch } from '../src/index.ts';

let dir: string | undefined;
const open: Database.Database[] = [];

function files(): { writer: Database.Database; reader: Database.Database } {
  dir = mkdtempSync(join(tmpdir(), 'pattern-write-batch-'));
  const file = join(dir, 'store.db');
  const writer = openSqlite(file);
  writer.exec('CREATE TABLE t (n INTEGER PRIMARY KEY)');
  const reader = openSqlite(file);
  open.push(writer, reader);
  return { writer, reader };
}

afterEach(() => {
  for (const db of open.splice(0)) db.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('SQLite write batches', () => {
  it('commits the writes asked for together in one transaction, in order, a failing one rolling back only itself', async () => {
    const { writer, reader } = files();
    const batch = new SqliteWriteBatch(writer);
    const insert = writer.transaction((n: number) => writer.prepare('INSERT INTO t (n) VALUES (?)').run(n).changes);
    const count = () => (reader.prepare('SELECT count(*) AS c FROM t').get() as { c: number }).c;
    const seenByOthers: number[] = [];
    const failing = writer.transaction(() => {
      writer.prepare('INSERT INTO t (n) VALUES (2)').run();
      throw new Error('refused');
    });
    const answers = [
      batch.run(() => insert(1)),
      batch.run(failing),
      batch.run(() => {
        // Another connection sees nothing of the batch before it commits: the first write was not committed alone.
        seenByOthers.push(count());
        return insert(3);
      }),
    ];
    const settled = await Promise.allSettled(answers);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((settled[1] as PromiseRejectedResult).reason).toMatchObject({ message: 'refused' });
    expect(seenByOthers).toEqual([0]);
    expect(reader.prepare('SELECT n FROM t ORDER BY n').all()).toEqual([{ n: 1 }, { n: 3 }]);
  });

  it('splits a burst into transactions of at most MAX_BATCH writes, and a write asked for later sees the earlier ones', async () => {
    const { writer, reader } = files();
    const batch = new SqliteWriteBatch(writer);
    const insert = writer.transaction((n: number) => writer.prepare('INSERT INTO t (n) VALUES (?)').run(n));
    const total = MAX_BATCH * 2 + 5;
    const seen: Array<{ own: number; committed: number }> = [];
    const answers = Array.from({ length: total }, (_, n) =>
      batch.run(() => {
        seen.push({
          own: (writer.prepare('SELECT count(*) AS c FROM t').get() as { c: number }).c,
          committed: (reader.prepare('SELECT count(*) AS c FROM t').get() as { c: number }).c,
        });
        return insert(n);
      }),
    );
    await Promise.all(answers);
    // Each write sees every write before it; another connection sees only the transactions already committed.
    expect(seen).toEqual(Array.from({ length: total }, (_, n) => ({ own: n, committed: n - (n % MAX_BATCH) })));
  });

  it('fails every write of a batch whose transaction cannot begin, and commits none of them', async () => {
    const { writer, reader } = files();
    const batch = new SqliteWriteBatch(writer);
    const insert = writer.transaction((n: number) => writer.prepare('INSERT INTO t (n) VALUES (?)').run(n));
    reader.pragma('busy_timeout = 0');
    writer.pragma('busy_timeout = 0');
    reader.exec('BEGIN IMMEDIATE');
    const settled = await Promise.allSettled([batch.run(() => insert(1)), batch.run(() => insert(2))]);
    reader.exec('ROLLBACK');
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    expect((settled[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'SQLITE_BUSY' });
    expect(reader.prepare('SELECT count(*) AS c FROM t').get()).toEqual({ c: 0 });
    await expect(batch.run(() => insert(3))).resolves.toBeDefined();
  });
});
