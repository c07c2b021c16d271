import type Database from 'better-sqlite3';
import type { KeptAppend } from './driver.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS event_results (
  key TEXT PRIMARY KEY,
  aggregate_type TEXT NOT NULL,
  aggregate_id TEXT NOT NULL,
  first_version INTEGER NOT NULL,
  last_version INTEGER NOT NULL,
  created_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS event_results_age ON event_results (created_at);
`;

interface ResultRow {
  aggregate_type: string;
  aggregate_id: string;
  first_version: number;
  last_version: number;
}

/**
 * Which events each append made under an idempotency key wrote, in the event store's SQLite file.
 * `save` runs inside the append's transaction: the events and the record commit together.
 */
export function sqliteResults(db: Database.Database) {
  db.exec(SCHEMA);
  const get = db.prepare<[string], ResultRow>('SELECT aggregate_type, aggregate_id, first_version, last_version FROM event_results WHERE key = ?');
  const save = db.prepare<[string, string, string, number, number, number]>(
    'INSERT INTO event_results (key, aggregate_type, aggregate_id, first_version, last_version, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const prune = db.prepare<[number]>('DELETE FROM event_results WHERE created_at < ?');

  return {
    get(key: string): KeptAppend | undefined {
      const row = get.get(key);
      return row && { aggregateType: row.aggregate_type, aggregateId: row.aggregate_id, from: row.first_version, to: row.last_version };
    },
    save(key: string, kept: KeptAppend, at: number): void {
      save.run(key, kept.aggregateType, kept.aggregateId, kept.from, kept.to, at);
    },
    prune: (before: number): number => prune.run(before).changes,
  };
}
