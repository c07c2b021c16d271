import { named, type Pool, type PoolClient } from '@pattern/postgres';
import type { IndexEntry } from '../documents/index-keys.ts';
import type { SqlValue } from '../documents/query-sql.ts';
import { numOf, strOf } from './postgres-dialect.ts';

const DOC_COLUMNS = 'id, data, version, created_at, updated_at';
const LEASE_COLUMNS = 'key, owner, token, expires_at';

export const SQL = {
  collections: `SELECT c.name, c.indexes, (SELECT COUNT(*) FROM store_docs d WHERE d.collection = c.name) AS count
    FROM store_collections c ORDER BY c.name`,
  collection: 'SELECT indexes FROM store_collections WHERE name = $1',
  createCollection: `INSERT INTO store_collections (name, indexes) VALUES ($1, '[]') ON CONFLICT (name) DO NOTHING`,
  // Every write of a collection's documents shares this lock; adding an index takes it exclusively,
  // so a backfill and a write never miss each other's entries.
  shareCollection: 'SELECT indexes FROM store_collections WHERE name = $1 FOR SHARE',
  lockCollection: 'SELECT indexes FROM store_collections WHERE name = $1 FOR UPDATE',
  saveIndexes: 'UPDATE store_collections SET indexes = $2 WHERE name = $1',
  docsAfter: 'SELECT id, data FROM store_docs WHERE collection = $1 AND id > $2 ORDER BY id LIMIT 1000',
  getDoc: `SELECT ${DOC_COLUMNS} FROM store_docs WHERE collection = $1 AND id = $2`,
  lockDoc: `SELECT ${DOC_COLUMNS} FROM store_docs WHERE collection = $1 AND id = $2 FOR UPDATE`,
  // The collection's indexes under the shared lock and the document under its row lock, in one round trip.
  lockForWrite: `WITH c AS (SELECT indexes FROM store_collections WHERE name = $1 FOR SHARE),
    d AS (SELECT ${DOC_COLUMNS} FROM store_docs WHERE collection = $1 AND id = $2 FOR UPDATE)
    SELECT c.indexes, d.id, d.data, d.version, d.created_at, d.updated_at FROM c LEFT JOIN d ON true`,
  // A new document and its entries in one statement; n is 0 when another server created it first.
  insertDoc: `WITH doc AS (INSERT INTO store_docs (collection, id, data, version, created_at, updated_at) VALUES ($1, $2, $3, 1, $4, $4)
      ON CONFLICT (collection, id) DO NOTHING RETURNING id),
    entries AS (INSERT INTO store_entries (collection, field, kind, num, str, doc_id, sort)
      SELECT $1, e.field, e.kind, e.num, e.str, $2, e.sort FROM unnest($5::text[], $6::smallint[], $7::float8[], $8::text[], $9::boolean[]) AS e(field, kind, num, str, sort)
      WHERE EXISTS (SELECT 1 FROM doc) ON CONFLICT DO NOTHING)
    SELECT COUNT(*)::int AS n FROM doc`,
  // An update and its entries in one statement: entries no longer there go, new ones come, unchanged ones stay untouched.
  updateDoc: `WITH e AS (SELECT * FROM unnest($6::text[], $7::smallint[], $8::float8[], $9::text[], $10::boolean[]) AS e(field, kind, num, str, sort)),
    gone AS (DELETE FROM store_entries o WHERE o.collection = $1 AND o.doc_id = $2
      AND NOT EXISTS (SELECT 1 FROM e WHERE e.field = o.field AND e.kind = o.kind AND e.num = o.num AND e.str = o.str)),
    came AS (INSERT INTO store_entries AS o (collection, field, kind, num, str, doc_id, sort)
      SELECT $1, e.field, e.kind, e.num, e.str, $2, e.sort FROM e
      ON CONFLICT (collection, field, kind, num, str, doc_id) DO UPDATE SET sort = excluded.sort WHERE o.sort IS DISTINCT FROM excluded.sort)
    UPDATE store_docs SET data = $3, version = $4, updated_at = $5 WHERE collection = $1 AND id = $2`,
  deleteDoc: `WITH gone AS (DELETE FROM store_entries WHERE collection = $1 AND doc_id = $2)
    DELETE FROM store_docs WHERE collection = $1 AND id = $2`,
  insertEntries: `INSERT INTO store_entries (collection, field, kind, num, str, doc_id, sort)
    SELECT $1, e.field, e.kind, e.num, e.str, e.doc_id, e.sort
    FROM unnest($2::text[], $3::smallint[], $4::float8[], $5::text[], $6::text[], $7::boolean[]) AS e(field, kind, num, str, doc_id, sort)
    ON CONFLICT DO NOTHING`,
  countAll: 'SELECT COUNT(*) AS n FROM store_docs WHERE collection = $1',
  insertBlob: 'INSERT INTO store_blobs (id, mime, size, sha256, owner_id, filename, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
  getBlob: 'SELECT * FROM store_blobs WHERE id = $1',
  deleteBlob: 'DELETE FROM store_blobs WHERE id = $1',
  listBlobs: 'SELECT * FROM store_blobs ORDER BY id DESC LIMIT $1',
  listBlobsBefore: 'SELECT * FROM store_blobs WHERE id < $2 ORDER BY id DESC LIMIT $1',
  // Shares the lease row with the fenced write: a new holder cannot be granted between the check and the commit.
  leaseToken: 'SELECT token FROM store_leases WHERE key = $1 FOR SHARE',
  /**
   * Taking a lease is one statement: a free, expired or own key is (re)taken under the row lock the
   * upsert holds, so two servers racing for a key see one winner. A new holder gets the next token;
   * the same owner keeps its token and extends the TTL.
   */
  acquire: `INSERT INTO store_leases AS l (key, owner, token, expires_at, run_id) VALUES ($1, $2, 1, $3, $4)
    ON CONFLICT (key) DO UPDATE SET
      token = CASE WHEN l.owner = excluded.owner AND l.expires_at > $5 THEN l.token ELSE l.token + 1 END,
      run_id = CASE WHEN l.owner = excluded.owner AND l.expires_at > $5 THEN l.run_id ELSE excluded.run_id END,
      owner = excluded.owner, expires_at = excluded.expires_at
    WHERE l.owner IS NULL OR l.expires_at <= $5 OR l.owner = excluded.owner
    RETURNING ${LEASE_COLUMNS}`,
  lease: `SELECT ${LEASE_COLUMNS} FROM store_leases WHERE key = $1 AND owner IS NOT NULL AND expires_at > $2`,
  renew: `UPDATE store_leases SET expires_at = $1 WHERE key = $2 AND owner = $3 AND expires_at > $4 RETURNING ${LEASE_COLUMNS}`,
  release: 'UPDATE store_leases SET owner = NULL, run_id = NULL WHERE key = $1 AND owner = $2 AND expires_at > $3',
  forceRelease: 'UPDATE store_leases SET owner = NULL, run_id = NULL WHERE key = $1 AND owner IS NOT NULL AND expires_at > $2',
  releaseOwner: `WITH freed AS (UPDATE store_leases SET owner = NULL, run_id = NULL WHERE owner = $1 RETURNING expires_at)
    SELECT COUNT(*) FILTER (WHERE expires_at > $2) AS n FROM freed`,
  releaseRun: `WITH freed AS (UPDATE store_leases SET owner = NULL, run_id = NULL WHERE run_id = $1 AND owner = run_id RETURNING expires_at)
    SELECT COUNT(*) FILTER (WHERE expires_at > $2) AS n FROM freed`,
  leaseRuns: 'SELECT DISTINCT run_id FROM store_leases WHERE run_id IS NOT NULL AND owner = run_id AND expires_at > $1',
  listLeases: `SELECT ${LEASE_COLUMNS} FROM store_leases WHERE owner IS NOT NULL AND expires_at > $1 ORDER BY key`,
};

type Queryable = Pool | PoolClient;

/** The first row of a named statement, if any. */
export async function one<T>(client: Queryable, text: string, values: SqlValue[]): Promise<T | undefined> {
  return (await client.query(named(text, values))).rows[0] as T | undefined;
}

export async function all<T>(client: Queryable, text: string, values: SqlValue[]): Promise<T[]> {
  return (await client.query(named(text, values))).rows as T[];
}

/** How many rows a named statement wrote. */
export async function changed(client: Queryable, text: string, values: SqlValue[]): Promise<number> {
  return (await client.query(named(text, values))).rowCount ?? 0;
}

/** The columns of one document's entries, as the write statements take them. */
export function docEntryColumns(entries: IndexEntry[]): SqlValue[] {
  return [entries.map((e) => e.field), entries.map((e) => e.kind), entries.map(numOf), entries.map(strOf), entries.map((e) => e.sort)];
}

/** The columns of `insertEntries` for the entries of several documents. */
export function entryColumns(rows: Array<{ docId: string; entries: IndexEntry[] }>): SqlValue[] {
  const fields: string[] = [];
  const kinds: number[] = [];
  const nums: number[] = [];
  const strs: string[] = [];
  const docIds: string[] = [];
  const sorts: boolean[] = [];
  for (const { docId, entries } of rows) {
    for (const e of entries) {
      fields.push(e.field);
      kinds.push(e.kind);
      nums.push(numOf(e));
      strs.push(strOf(e));
      docIds.push(docId);
      sorts.push(e.sort);
    }
  }
  return [fields, kinds, nums, strs, docIds, sorts];
}
