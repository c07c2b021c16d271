import { createHash } from 'node:crypto';
import { createPool, migrate, type Pool, type PoolClient, transaction } from '@pattern/postgres';
import { type IndexEntry, indexEntries, KIND_NULL, KIND_STRING, type Kind, type TypedKey } from '../documents/index-keys.ts';
import type { CountPlan, FieldFilter, QueryPlan, Term } from '../documents/query-plan.ts';
import type { BlobMeta, Doc, DocData, Lease } from '../schemas.ts';
import { checkFence, type DocWrite, iso, type QueryRow, type StoreDriver } from './driver.ts';
import { PostgresBlobBytes } from './postgres-blobs.ts';

/**
 * Ids, names and string index values compare byte by byte (`COLLATE "C"`), as in SQLite, whatever
 * the database's locale: cursors and id order must not change with the server's language settings.
 */
const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS store_collections (name TEXT COLLATE "C" PRIMARY KEY, indexes JSONB NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS store_docs (
    collection TEXT COLLATE "C" NOT NULL, id TEXT COLLATE "C" NOT NULL, data JSON NOT NULL, version INTEGER NOT NULL,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (collection, id))`,
  // A typed value is (kind, num, str): numbers and booleans in num, strings in str, the other column constant.
  `CREATE TABLE IF NOT EXISTS store_entries (
    collection TEXT COLLATE "C" NOT NULL, field TEXT COLLATE "C" NOT NULL, kind SMALLINT NOT NULL,
    num DOUBLE PRECISION NOT NULL, str TEXT COLLATE "C" NOT NULL, doc_id TEXT COLLATE "C" NOT NULL, sort BOOLEAN NOT NULL,
    PRIMARY KEY (collection, field, kind, num, str, doc_id))`,
  'CREATE INDEX IF NOT EXISTS store_entries_doc ON store_entries (collection, doc_id)',
  `CREATE TABLE IF NOT EXISTS store_blobs (
    id TEXT COLLATE "C" PRIMARY KEY, mime TEXT NOT NULL, size BIGINT NOT NULL, sha256 TEXT NOT NULL, owner_id TEXT, created_at TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS store_blob_chunks (
    blob_id TEXT COLLATE "C" NOT NULL, seq INTEGER NOT NULL, bytes BYTEA NOT NULL, written_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (blob_id, seq))`,
  'CREATE TABLE IF NOT EXISTS store_leases (key TEXT PRIMARY KEY, owner TEXT, token BIGINT NOT NULL, expires_at BIGINT NOT NULL, run_id TEXT)',
  'CREATE INDEX IF NOT EXISTS store_leases_run ON store_leases (run_id) WHERE run_id IS NOT NULL',
  'CREATE INDEX IF NOT EXISTS store_leases_owner ON store_leases (owner) WHERE owner IS NOT NULL',
];

interface DocRow {
  id: string;
  data: DocData;
  version: number;
  created_at: string;
  updated_at: string;
}

interface LeaseRow {
  key: string;
  owner: string;
  token: string;
  expires_at: string;
}

interface BlobRow {
  id: string;
  mime: string;
  size: string;
  sha256: string;
  owner_id: string | null;
  created_at: string;
}

type SqlValue = string | number | boolean | null | readonly unknown[];

const toDoc = (row: DocRow): Doc => ({ id: row.id, data: row.data, version: row.version, createdAt: row.created_at, updatedAt: row.updated_at });
const toBlob = (row: BlobRow): BlobMeta => ({
  id: row.id,
  mime: row.mime,
  size: Number(row.size),
  sha256: row.sha256,
  ownerId: row.owner_id,
  createdAt: row.created_at,
});
const toLease = (row: LeaseRow): Lease => ({ key: row.key, owner: row.owner, token: Number(row.token), expiresAt: iso(Number(row.expires_at)) });

const numOf = (key: TypedKey): number => (typeof key.value === 'number' ? key.value : 0);
const strOf = (key: TypedKey): string => (typeof key.value === 'string' ? key.value : '');
const loaded = (kind: Kind, num: number, str: string): TypedKey => ({ kind, value: kind === KIND_NULL ? null : kind === KIND_STRING ? str : num });

/**
 * A statement named after its text: node-postgres prepares it once per connection and reuses the
 * plan, which is what a prepared statement is for. Query shapes are few (see `querySql`).
 */
const names = new Map<string, string>();
function named(text: string, values: SqlValue[]) {
  let name = names.get(text);
  if (!name) {
    name = `store_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    names.set(text, name);
  }
  return { name, text, values: values as unknown[] };
}

const DOC_COLUMNS = 'id, data, version, created_at, updated_at';
const LEASE_COLUMNS = 'key, owner, token, expires_at';

const SQL = {
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
  insertBlob: 'INSERT INTO store_blobs (id, mime, size, sha256, owner_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
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

/** The columns of one document's entries, as the write statements take them. */
function docEntryColumns(entries: IndexEntry[]): SqlValue[] {
  return [entries.map((e) => e.field), entries.map((e) => e.kind), entries.map(numOf), entries.map(strOf), entries.map((e) => e.sort)];
}

/** The columns of `insertEntries` for the entries of several documents. */
function entryColumns(rows: Array<{ docId: string; entries: IndexEntry[] }>): SqlValue[] {
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

/**
 * PostgreSQL through `pg`, shared by every server on the database. Each write is one transaction
 * that locks what it checks (the fencing lease, the collection's index list, the document), so
 * versions, tokens and index entries stay right when several servers write at once. The index
 * list a write uses is the stored one, read under that lock, never a server's cached copy. Blob
 * bytes live in the database too (`store_blob_chunks`), since servers share no folder.
 */
export async function createPostgresDriver(url: string, options: { poolSize?: number } = {}): Promise<StoreDriver> {
  const pool = createPool(url, options.poolSize ?? 10);
  try {
    await migrate(pool, 'store', SCHEMA);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return postgresDriver(pool);
}

function postgresDriver(pool: Pool): StoreDriver {
  const one = async <T>(client: Pool | PoolClient, text: string, values: SqlValue[]): Promise<T | undefined> =>
    (await client.query(named(text, values))).rows[0] as T | undefined;
  const all = async <T>(client: Pool | PoolClient, text: string, values: SqlValue[]): Promise<T[]> =>
    (await client.query(named(text, values))).rows as T[];

  const fenceCheck = async (client: PoolClient, fence: DocWrite['fence']) => {
    if (!fence) return;
    const row = await one<{ token: string }>(client, SQL.leaseToken, [fence.key]);
    checkFence(fence, row ? Number(row.token) : undefined);
  };

  const writeEntries = async (client: PoolClient, collection: string, rows: Array<{ docId: string; entries: IndexEntry[] }>) => {
    if (rows.every((row) => row.entries.length === 0)) return;
    await client.query(named(SQL.insertEntries, [collection, ...entryColumns(rows)]));
  };

  return {
    kind: 'postgres',
    shared: true,
    blobBytes: new PostgresBlobBytes(pool),

    async listCollections() {
      const rows = await all<{ name: string; indexes: string[]; count: string }>(pool, SQL.collections, []);
      return rows.map((row) => ({ name: row.name, indexes: row.indexes, count: Number(row.count) }));
    },
    async collectionIndexes(name) {
      return (await one<{ indexes: string[] }>(pool, SQL.collection, [name]))?.indexes;
    },
    saveCollection(name, wanted) {
      return transaction(pool, async (client) => {
        await client.query(named(SQL.createCollection, [name]));
        const current = (await one<{ indexes: string[] }>(client, SQL.lockCollection, [name]))?.indexes ?? [];
        const added = [...new Set(wanted)].filter((field) => !current.includes(field));
        if (added.length === 0) return current;
        const indexes = [...current, ...added];
        await client.query(named(SQL.saveIndexes, [name, JSON.stringify(indexes)]));
        let after = '';
        for (;;) {
          const page = await all<{ id: string; data: DocData }>(client, SQL.docsAfter, [name, after]);
          if (page.length === 0) break;
          await writeEntries(
            client,
            name,
            page.map((doc) => ({ docId: doc.id, entries: indexEntries(doc.data, added) })),
          );
          after = page[page.length - 1]?.id ?? after;
        }
        return indexes;
      });
    },

    async getDoc(collection, id) {
      const row = await one<DocRow>(pool, SQL.getDoc, [collection, id]);
      return row ? toDoc(row) : undefined;
    },
    async writeDoc(w) {
      if (w.expect !== undefined && !w.fence) {
        // A compare-and-swap that already lost needs no lock: answering at once keeps the losers of a
        // contended key from queueing on its row lock one after the other. (A fenced write checks its
        // token first, so it always takes the transaction.)
        const seen = await one<DocRow>(pool, SQL.getDoc, [w.collection, w.id]);
        if ((seen?.version ?? 0) !== w.expect) return { ok: false as const, current: seen ? toDoc(seen) : null };
      }
      return transaction(pool, async (client) => {
        await fenceCheck(client, w.fence);
        let locked = await one<DocRow & { indexes: string[] }>(client, SQL.lockForWrite, [w.collection, w.id]);
        if (!locked) {
          await client.query(named(SQL.createCollection, [w.collection]));
          locked = await one<DocRow & { indexes: string[] }>(client, SQL.lockForWrite, [w.collection, w.id]);
        }
        const indexes = locked?.indexes ?? [];
        let row: DocRow | undefined = locked && locked.id !== null ? locked : undefined;
        for (;;) {
          if (w.expect !== undefined && (row?.version ?? 0) !== w.expect) return { ok: false as const, current: row ? toDoc(row) : null };
          if (w.mode === 'patch' && !row) return { ok: false as const, current: null };
          const data = w.mode === 'patch' && row ? { ...row.data, ...w.data } : w.data;
          const text = JSON.stringify(data);
          const updatedAt = iso(w.now);
          const entries = docEntryColumns(indexEntries(data, indexes));
          if (row) {
            await client.query(named(SQL.updateDoc, [w.collection, w.id, text, row.version + 1, updatedAt, ...entries]));
          } else if ((await one<{ n: number }>(client, SQL.insertDoc, [w.collection, w.id, text, updatedAt, ...entries]))?.n === 0) {
            // Another server created the document since the read: read it again, now locked behind that commit.
            row = await one<DocRow>(client, SQL.lockDoc, [w.collection, w.id]);
            continue;
          }
          const doc: Doc = {
            id: w.id,
            data: JSON.parse(text) as DocData,
            version: (row?.version ?? 0) + 1,
            createdAt: row?.created_at ?? updatedAt,
            updatedAt,
          };
          return { ok: true as const, doc };
        }
      });
    },
    deleteDoc(r) {
      return transaction(pool, async (client) => {
        await fenceCheck(client, r.fence);
        // Shared with writes, exclusive for a backfill: a backfill never writes entries for a document deleted under it.
        await client.query(named(SQL.shareCollection, [r.collection]));
        const row = await one<DocRow>(client, SQL.lockDoc, [r.collection, r.id]);
        if (!row) return { deleted: false, current: null };
        if (r.expect !== undefined && row.version !== r.expect) return { deleted: false, current: toDoc(row) };
        await client.query(named(SQL.deleteDoc, [r.collection, r.id]));
        return { deleted: true, current: null };
      });
    },

    async query(plan: QueryPlan) {
      const { sql, params } = querySql(plan);
      const rows = await all<DocRow & { k: Kind | null; n: number | null; s: string | null }>(pool, sql, params);
      return rows.map((row): QueryRow => ({ doc: toDoc(row), key: row.k === null ? null : loaded(row.k, row.n ?? 0, row.s ?? '') }));
    },
    async count(plan: CountPlan) {
      const [drive, ...rest] = plan.filters;
      if (!drive) return Number((await one<{ n: string }>(pool, SQL.countAll, [plan.collection]))?.n ?? 0);
      const params = new Params([plan.collection, drive.field]);
      const where = ['o.collection = $1', 'o.field = $2', ...termsSql('o', drive.terms, params), ...existsSql('o', rest, params)];
      const sql = `SELECT COUNT(DISTINCT o.doc_id) AS n FROM store_entries o WHERE ${where.join(' AND ')}`;
      return Number((await one<{ n: string }>(pool, sql, params.values))?.n ?? 0);
    },

    async insertBlob(meta) {
      await pool.query(named(SQL.insertBlob, [meta.id, meta.mime, meta.size, meta.sha256, meta.ownerId, meta.createdAt]));
    },
    async getBlob(id) {
      const row = await one<BlobRow>(pool, SQL.getBlob, [id]);
      return row ? toBlob(row) : undefined;
    },
    async deleteBlob(id) {
      return ((await pool.query(named(SQL.deleteBlob, [id]))).rowCount ?? 0) > 0;
    },
    async listBlobs(limit, before) {
      const rows =
        before === undefined ? await all<BlobRow>(pool, SQL.listBlobs, [limit]) : await all<BlobRow>(pool, SQL.listBlobsBefore, [limit, before]);
      return rows.map(toBlob);
    },

    async acquireLease({ key, owner, ttlMs, now, runId }) {
      for (;;) {
        const taken = await one<LeaseRow>(pool, SQL.acquire, [key, owner, now + ttlMs, runId ?? null, now]);
        if (taken) return { ok: true as const, lease: toLease(taken) };
        const holder = await one<LeaseRow>(pool, SQL.lease, [key, now]);
        // Released or expired between the two statements: try again.
        if (holder && holder.owner !== owner)
          return { ok: false as const, holder: { owner: holder.owner, expiresAt: iso(Number(holder.expires_at)) } };
      }
    },
    async renewLease({ key, owner, ttlMs, now }) {
      const row = await one<LeaseRow>(pool, SQL.renew, [now + ttlMs, key, owner, now]);
      return row ? toLease(row) : undefined;
    },
    async releaseLease(key, owner, now) {
      const result = owner === null ? await pool.query(named(SQL.forceRelease, [key, now])) : await pool.query(named(SQL.release, [key, owner, now]));
      return (result.rowCount ?? 0) > 0;
    },
    async releaseOwner(owner, now) {
      return Number((await one<{ n: string }>(pool, SQL.releaseOwner, [owner, now]))?.n ?? 0);
    },
    async releaseRun(runId, now) {
      return Number((await one<{ n: string }>(pool, SQL.releaseRun, [runId, now]))?.n ?? 0);
    },
    async leaseRuns(now) {
      return (await all<{ run_id: string }>(pool, SQL.leaseRuns, [now])).map((row) => row.run_id);
    },
    async getLease(key, now) {
      const row = await one<LeaseRow>(pool, SQL.lease, [key, now]);
      return row ? toLease(row) : undefined;
    },
    async listLeases(now) {
      return (await all<LeaseRow>(pool, SQL.listLeases, [now])).map(toLease);
    },

    async close() {
      await pool.end();
    },
  };
}

/** Numbered parameters, added as the SQL text is built. */
class Params {
  readonly values: SqlValue[];
  constructor(initial: SqlValue[] = []) {
    this.values = [...initial];
  }
  add(value: SqlValue, type: string): string {
    this.values.push(value);
    return `$${this.values.length}::${type}`;
  }
}

const DOC_SELECT = 'd.id, d.data, d.version, d.created_at, d.updated_at';

/** The SQL of a plan; as with SQLite its text depends only on the plan's shape. */
export function querySql(plan: QueryPlan): { sql: string; params: SqlValue[] } {
  const dir = plan.order === 'asc' ? 'ASC' : 'DESC';
  const cmp = plan.order === 'asc' ? '>' : '<';
  const params = new Params();
  const where: string[] = [];
  let from: string;
  let select: string;
  let orderBy: string;
  if (plan.by === 'field') {
    from = 'store_entries o JOIN store_docs d ON d.collection = o.collection AND d.id = o.doc_id';
    select = `${DOC_SELECT}, o.kind AS k, o.num AS n, o.str AS s`;
    where.push(`o.collection = ${params.add(plan.collection, 'text')}`, `o.field = ${params.add(plan.field, 'text')}`, 'o.sort');
    if (plan.drive) where.push(...termsSql('o', plan.drive.terms, params));
    if (plan.after?.key) {
      const key = plan.after.key;
      where.push(
        `(o.kind, o.num, o.str, o.doc_id) ${cmp} (${params.add(key.kind, 'smallint')}, ${params.add(numOf(key), 'float8')}, ${params.add(strOf(key), 'text')}, ${params.add(plan.after.id, 'text')})`,
      );
    }
    orderBy = `o.kind ${dir}, o.num ${dir}, o.str ${dir}, o.doc_id ${dir}`;
    where.push(...existsSql('o', plan.filters, params));
  } else if (plan.drive) {
    from = 'store_entries o JOIN store_docs d ON d.collection = o.collection AND d.id = o.doc_id';
    select = `${DOC_SELECT}, NULL::smallint AS k, NULL::float8 AS n, NULL::text AS s`;
    where.push(`o.collection = ${params.add(plan.collection, 'text')}`, `o.field = ${params.add(plan.drive.field, 'text')}`);
    where.push(...termsSql('o', plan.drive.terms, params));
    if (plan.after) where.push(`o.doc_id ${cmp} ${params.add(plan.after.id, 'text')}`);
    orderBy = `o.doc_id ${dir}`;
    where.push(...existsSql('o', plan.filters, params));
  } else {
    from = 'store_docs d';
    select = `${DOC_SELECT}, NULL::smallint AS k, NULL::float8 AS n, NULL::text AS s`;
    where.push(`d.collection = ${params.add(plan.collection, 'text')}`);
    if (plan.after) where.push(`d.id ${cmp} ${params.add(plan.after.id, 'text')}`);
    orderBy = `d.id ${dir}`;
    where.push(...existsSql('d', plan.filters, params));
  }
  const limit = params.add(plan.limit, 'int');
  return { sql: `SELECT ${select} FROM ${from} WHERE ${where.join(' AND ')} ORDER BY ${orderBy} LIMIT ${limit}`, params: params.values };
}

function existsSql(outer: 'o' | 'd', filters: FieldFilter[], params: Params): string[] {
  const docId = outer === 'o' ? 'o.doc_id' : 'd.id';
  return filters.map((filter, i) => {
    const alias = `f${i}`;
    const field = params.add(filter.field, 'text');
    const terms = termsSql(alias, filter.terms, params);
    return `EXISTS (SELECT 1 FROM store_entries ${alias} WHERE ${alias}.collection = ${outer}.collection AND ${alias}.doc_id = ${docId} AND ${alias}.field = ${field} AND ${terms.join(' AND ')})`;
  });
}

const RANGE_SQL = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

function termsSql(alias: string, terms: Term[], params: Params): string[] {
  return terms.map((term) => {
    if (term.op === 'in') {
      // Arrays keep the text the same whatever the number of values.
      const kinds = params.add(
        term.keys.map((key) => key.kind),
        'smallint[]',
      );
      const nums = params.add(term.keys.map(numOf), 'float8[]');
      const strs = params.add(term.keys.map(strOf), 'text[]');
      return `(${alias}.kind, ${alias}.num, ${alias}.str) IN (SELECT * FROM unnest(${kinds}, ${nums}, ${strs}))`;
    }
    const kind = params.add(term.key.kind, 'smallint');
    if (term.op === 'eq')
      return `${alias}.kind = ${kind} AND ${alias}.num = ${params.add(numOf(term.key), 'float8')} AND ${alias}.str = ${params.add(strOf(term.key), 'text')}`;
    const column = term.key.kind === KIND_STRING ? 'str' : 'num';
    const bound = column === 'str' ? params.add(strOf(term.key), 'text') : params.add(numOf(term.key), 'float8');
    return `${alias}.kind = ${kind} AND ${alias}.${column} ${RANGE_SQL[term.op]} ${bound}`;
  });
}
