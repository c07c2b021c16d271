import { openSqlite as openSqliteFile } from '@pattern/sqlite';
import type Database from 'better-sqlite3';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS store_collections (name TEXT PRIMARY KEY, indexes TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS store_docs (
  collection TEXT NOT NULL, id TEXT NOT NULL, data TEXT NOT NULL, version INTEGER NOT NULL,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (collection, id));
CREATE TABLE IF NOT EXISTS store_entries (
  collection TEXT NOT NULL, field TEXT NOT NULL, kind INTEGER NOT NULL, value NOT NULL, doc_id TEXT NOT NULL, sort INTEGER NOT NULL,
  PRIMARY KEY (collection, field, kind, value, doc_id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS store_entries_doc ON store_entries (collection, doc_id, field, kind, value);
CREATE TABLE IF NOT EXISTS store_blobs (
  id TEXT PRIMARY KEY, mime TEXT NOT NULL, size INTEGER NOT NULL, sha256 TEXT NOT NULL, owner_id TEXT, created_at TEXT NOT NULL,
  filename TEXT);
CREATE TABLE IF NOT EXISTS store_leases (key TEXT PRIMARY KEY, owner TEXT, token INTEGER NOT NULL, expires_at INTEGER NOT NULL, run_id TEXT);
CREATE INDEX IF NOT EXISTS store_leases_run ON store_leases (run_id) WHERE run_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS store_leases_owner ON store_leases (owner) WHERE owner IS NOT NULL;
`;

/**
 * The store's SQLite file, with its tables: WAL and `synchronous=NORMAL`, so a commit survives a
 * crash of the process. Index entries live in one table keyed by (collection, field, kind, value,
 * doc), so a where or an orderBy is a range scan of that key whatever the size of the collection.
 */
export function openSqlite(file: string): Database.Database {
  // 32 MiB of page cache: index pages of large collections stay in memory.
  const db = openSqliteFile(file, { cacheKiB: 32_000 });
  db.exec(SCHEMA);
  addBlobFilenames(db);
  return db;
}

/** A file made before blobs had file names gets the column; its blobs keep none. */
function addBlobFilenames(db: Database.Database): void {
  const columns = db.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('store_blobs')").all();
  if (!columns.some((column) => column.name === 'filename')) db.exec('ALTER TABLE store_blobs ADD COLUMN filename TEXT');
}
