import Database from 'better-sqlite3';
import type { CounterDriver } from './driver.ts';

/** Counters in one SQLite file, created on first use. */
export function createSqliteDriver(file: string): CounterDriver {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.exec('CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL)');
  const increment = db.prepare<[{ name: string; by: number }], { value: number }>(
    'INSERT INTO counters (name, value) VALUES (@name, @by) ON CONFLICT (name) DO UPDATE SET value = value + @by RETURNING value',
  );
  const read = db.prepare<[string], { value: number }>('SELECT value FROM counters WHERE name = ?');
  return {
    increment: async (name, by) => (increment.get({ name, by }) as { value: number }).value,
    value: async (name) => read.get(name)?.value ?? 0,
    close: async () => {
      db.close();
    },
  };
}
