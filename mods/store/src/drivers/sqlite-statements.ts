import type Database from 'better-sqlite3';
import type { Kind } from '../documents/index-keys.ts';
import type { Sql, SqlValue } from '../documents/query-sql.ts';
import type { Doc, DocData } from '../schemas.ts';
import { type BlobRow, type LeaseRow, toDoc } from './rows.ts';

/** A document as stored: its data is JSON text. */
export interface SqliteDocRow {
  id: string;
  data: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export const sqliteDoc = (row: SqliteDocRow): Doc => toDoc({ ...row, data: JSON.parse(row.data) as DocData });

export type SqliteLeaseRow = LeaseRow & { token: number; expires_at: number };

export type SqliteQueryRow = SqliteDocRow & { k: Kind | null; v: string | number | null };

/** Every fixed statement of the store, prepared once. */
export function prepareStatements(db: Database.Database) {
  return {
    collections: db.prepare<[], { name: string; indexes: string; count: number }>(
      'SELECT c.name, c.indexes, (SELECT COUNT(*) FROM store_docs d WHERE d.collection = c.name) AS count FROM store_collections c ORDER BY c.name',
    ),
    collection: db.prepare<[string], { indexes: string }>('SELECT indexes FROM store_collections WHERE name = ?'),
    saveCollection: db.prepare<[string, string]>(
      'INSERT INTO store_collections (name, indexes) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET indexes = excluded.indexes',
    ),
    docsAfter: db.prepare<[string, string], { id: string; data: string }>(
      'SELECT id, data FROM store_docs WHERE collection = ? AND id > ? ORDER BY id LIMIT 1000',
    ),
    getDoc: db.prepare<[string, string], SqliteDocRow>(
      'SELECT id, data, version, created_at, updated_at FROM store_docs WHERE collection = ? AND id = ?',
    ),
    upsertDoc: db.prepare<[string, string, string, number, string, string]>(
      `INSERT INTO store_docs (collection, id, data, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (collection, id) DO UPDATE SET data = excluded.data, version = excluded.version, updated_at = excluded.updated_at`,
    ),
    deleteDoc: db.prepare<[string, string]>('DELETE FROM store_docs WHERE collection = ? AND id = ?'),
    deleteEntries: db.prepare<[string, string]>('DELETE FROM store_entries WHERE collection = ? AND doc_id = ?'),
    insertEntry: db.prepare<[string, string, number, string | number, string, number]>(
      'INSERT OR IGNORE INTO store_entries (collection, field, kind, value, doc_id, sort) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    countAll: db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM store_docs WHERE collection = ?'),
    insertBlob: db.prepare<[string, string, number, string, string | null, string | null, string]>(
      'INSERT INTO store_blobs (id, mime, size, sha256, owner_id, filename, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    getBlob: db.prepare<[string], BlobRow>('SELECT * FROM store_blobs WHERE id = ?'),
    deleteBlob: db.prepare<[string]>('DELETE FROM store_blobs WHERE id = ?'),
    listBlobs: db.prepare<[number], BlobRow>('SELECT * FROM store_blobs ORDER BY id DESC LIMIT ?'),
    listBlobsBefore: db.prepare<[string, number], BlobRow>('SELECT * FROM store_blobs WHERE id < ? ORDER BY id DESC LIMIT ?'),
    leaseToken: db.prepare<[string], { token: number }>('SELECT token FROM store_leases WHERE key = ?'),
    lease: db.prepare<[string], SqliteLeaseRow>('SELECT key, owner, token, expires_at FROM store_leases WHERE key = ?'),
    extendLease: db.prepare<[number, string]>('UPDATE store_leases SET expires_at = ? WHERE key = ?'),
    takeLease: db.prepare<[string, string, number, number, string | null]>(
      `INSERT INTO store_leases (key, owner, token, expires_at, run_id) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, token = excluded.token, expires_at = excluded.expires_at, run_id = excluded.run_id`,
    ),
    renewLease: db.prepare<[number, string, string, number], SqliteLeaseRow>(
      'UPDATE store_leases SET expires_at = ? WHERE key = ? AND owner = ? AND expires_at > ? RETURNING key, owner, token, expires_at',
    ),
    releaseLease: db.prepare<[string, string, number]>(
      'UPDATE store_leases SET owner = NULL, run_id = NULL WHERE key = ? AND owner = ? AND expires_at > ?',
    ),
    forceRelease: db.prepare<[string, number]>(
      'UPDATE store_leases SET owner = NULL, run_id = NULL WHERE key = ? AND owner IS NOT NULL AND expires_at > ?',
    ),
    releaseOwner: db.prepare<[string], { expires_at: number }>(
      'UPDATE store_leases SET owner = NULL, run_id = NULL WHERE owner = ? RETURNING expires_at',
    ),
    releaseRun: db.prepare<[string], { expires_at: number }>(
      'UPDATE store_leases SET owner = NULL, run_id = NULL WHERE run_id = ? AND owner = run_id RETURNING expires_at',
    ),
    leaseRuns: db.prepare<[number], { run_id: string }>(
      'SELECT DISTINCT run_id FROM store_leases WHERE run_id IS NOT NULL AND owner = run_id AND expires_at > ?',
    ),
    listLeases: db.prepare<[number], SqliteLeaseRow>(
      'SELECT key, owner, token, expires_at FROM store_leases WHERE owner IS NOT NULL AND expires_at > ? ORDER BY key',
    ),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;

/**
 * Statements whose text varies with the shape of a query: each shape is prepared once and kept.
 * Their values are the dialect's, which are never booleans or arrays on SQLite.
 */
export class ShapeStatements<Row> {
  private readonly cache = new Map<string, Database.Statement<SqlValue[], Row>>();
  private readonly db: Database.Database;

  constructor(db: Database.Database) {
    this.db = db;
  }

  get({ sql }: Sql): Database.Statement<SqlValue[], Row> {
    let statement = this.cache.get(sql);
    if (!statement) {
      statement = this.db.prepare<SqlValue[], Row>(sql);
      this.cache.set(sql, statement);
    }
    return statement;
  }
}
