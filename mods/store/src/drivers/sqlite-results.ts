import type Database from 'better-sqlite3';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS store_results (key TEXT PRIMARY KEY, result TEXT NOT NULL, created_at INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS store_results_age ON store_results (created_at);
`;

/**
 * The results of writes made under an idempotency key, in the store's SQLite file. `once` runs
 * inside the write's transaction, so the write and its result are committed together or not at all.
 */
export function sqliteResults(db: Database.Database) {
  db.exec(SCHEMA);
  const get = db.prepare<[string], { result: string }>('SELECT result FROM store_results WHERE key = ?');
  const save = db.prepare<[string, string, number]>('INSERT INTO store_results (key, result, created_at) VALUES (?, ?, ?)');
  const prune = db.prepare<[number]>('DELETE FROM store_results WHERE created_at < ?');

  return {
    /** The result kept under `key`, else `work`'s, kept under it; without a key, just `work`. */
    once<T>(key: string | undefined, now: number, work: () => T): T {
      if (key === undefined) return work();
      const kept = get.get(key);
      if (kept) return JSON.parse(kept.result) as T;
      const result = work();
      save.run(key, JSON.stringify(result), now);
      return result;
    },
    prune: (before: number): number => prune.run(before).changes,
  };
}
