import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export interface OpenSqliteOptions {
  /** Page cache in KiB: large indexes keep their pages in memory instead of reading them back. */
  cacheKiB?: number;
  foreignKeys?: boolean;
}

/**
 * Opens (creating its folder if needed) a SQLite file the way every Pattern store wants it: WAL
 * with `synchronous=NORMAL`, so a commit survives a crash of the process without a disk sync per
 * commit, and a busy timeout, so a second connection waits for a lock instead of failing.
 */
export function openSqlite(file: string, options: OpenSqliteOptions = {}): Database.Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  if (options.cacheKiB !== undefined) db.pragma(`cache_size = -${options.cacheKiB}`);
  if (options.foreignKeys) db.pragma('foreign_keys = ON');
  return db;
}

export { MAX_BATCH, SqliteWriteBatch } from './write-batch.ts';
