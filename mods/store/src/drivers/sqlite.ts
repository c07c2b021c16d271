import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { type IndexEntry, indexEntries, KIND_NULL, type Kind, type TypedKey } from '../documents/index-keys.ts';
import type { CountPlan, FieldFilter, QueryPlan, Term } from '../documents/query-plan.ts';
import type { BlobMeta, Doc, DocData, Lease } from '../schemas.ts';
import { checkFence, type DocDelete, type DocWrite, iso, type QueryRow, type StoreDriver } from './driver.ts';

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
  id TEXT PRIMARY KEY, mime TEXT NOT NULL, size INTEGER NOT NULL, sha256 TEXT NOT NULL, owner_id TEXT, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS store_leases (key TEXT PRIMARY KEY, owner TEXT, token INTEGER NOT NULL, expires_at INTEGER NOT NULL, run_id TEXT);
CREATE INDEX IF NOT EXISTS store_leases_run ON store_leases (run_id) WHERE run_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS store_leases_owner ON store_leases (owner) WHERE owner IS NOT NULL;
`;

interface DocRow {
  id: string;
  data: string;
  version: number;
  created_at: string;
  updated_at: string;
}

interface LeaseRow {
  key: string;
  owner: string | null;
  token: number;
  expires_at: number;
}

interface BlobRow {
  id: string;
  mime: string;
  size: number;
  sha256: string;
  owner_id: string | null;
  created_at: string;
}

type SqlValue = string | number | null;

/** A null has no value to compare; it is stored as 0 under its own kind (a primary key column cannot hold NULL). */
const stored = (key: TypedKey): string | number => key.value ?? 0;
const loaded = (kind: Kind, value: string | number): TypedKey => ({ kind, value: kind === KIND_NULL ? null : value });

const toDoc = (row: DocRow): Doc => ({
  id: row.id,
  data: JSON.parse(row.data) as DocData,
  version: row.version,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});
const toBlob = (row: BlobRow): BlobMeta => ({
  id: row.id,
  mime: row.mime,
  size: row.size,
  sha256: row.sha256,
  ownerId: row.owner_id,
  createdAt: row.created_at,
});
const toLease = (row: LeaseRow): Lease => ({ key: row.key, owner: row.owner as string, token: row.token, expiresAt: iso(row.expires_at) });

/**
 * SQLite through better-sqlite3: WAL, `synchronous=NORMAL` (a commit survives a crash of the
 * process), every statement prepared once, every write one immediate transaction. Index entries
 * live in one table keyed by (collection, field, kind, value, doc), so a where or an orderBy is a
 * range scan of that key whatever the size of the collection.
 */
export function createSqliteDriver(file: string): StoreDriver {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  // 32 MiB of page cache: index pages of large collections stay in memory.
  db.pragma('cache_size = -32000');
  db.exec(SCHEMA);

  const s = {
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
    getDoc: db.prepare<[string, string], DocRow>('SELECT id, data, version, created_at, updated_at FROM store_docs WHERE collection = ? AND id = ?'),
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
    insertBlob: db.prepare<[string, string, number, string, string | null, string]>(
      'INSERT INTO store_blobs (id, mime, size, sha256, owner_id, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    getBlob: db.prepare<[string], BlobRow>('SELECT * FROM store_blobs WHERE id = ?'),
    deleteBlob: db.prepare<[string]>('DELETE FROM store_blobs WHERE id = ?'),
    listBlobs: db.prepare<[number], BlobRow>('SELECT * FROM store_blobs ORDER BY id DESC LIMIT ?'),
    listBlobsBefore: db.prepare<[string, number], BlobRow>('SELECT * FROM store_blobs WHERE id < ? ORDER BY id DESC LIMIT ?'),
    leaseToken: db.prepare<[string], { token: number }>('SELECT token FROM store_leases WHERE key = ?'),
    lease: db.prepare<[string], LeaseRow>('SELECT key, owner, token, expires_at FROM store_leases WHERE key = ?'),
    extendLease: db.prepare<[number, string]>('UPDATE store_leases SET expires_at = ? WHERE key = ?'),
    takeLease: db.prepare<[string, string, number, number, string | null]>(
      `INSERT INTO store_leases (key, owner, token, expires_at, run_id) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, token = excluded.token, expires_at = excluded.expires_at, run_id = excluded.run_id`,
    ),
    renewLease: db.prepare<[number, string, string, number], LeaseRow>(
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
    listLeases: db.prepare<[number], LeaseRow>(
      'SELECT key, owner, token, expires_at FROM store_leases WHERE owner IS NOT NULL AND expires_at > ? ORDER BY key',
    ),
  };

  // Queries vary with the shape of `where`; each shape is prepared once and kept.
  const shapes = new Map<string, Database.Statement<SqlValue[], DocRow & { k: Kind | null; v: string | number | null }>>();
  const countShapes = new Map<string, Database.Statement<SqlValue[], { n: number }>>();
  const prepared = <T>(cache: Map<string, T>, sql: string): T => {
    let statement = cache.get(sql);
    if (!statement) {
      statement = db.prepare(sql) as T;
      cache.set(sql, statement);
    }
    return statement;
  };

  const writeEntries = (collection: string, id: string, entries: IndexEntry[]) => {
    for (const e of entries) s.insertEntry.run(collection, e.field, e.kind, stored(e), id, e.sort ? 1 : 0);
  };

  const fenceCheck = (fence: DocWrite['fence']) => {
    if (fence) checkFence(fence, s.leaseToken.get(fence.key)?.token);
  };

  const write = db.transaction((w: DocWrite) => {
    fenceCheck(w.fence);
    const row = s.getDoc.get(w.collection, w.id);
    if (w.expect !== undefined && (row?.version ?? 0) !== w.expect) return { ok: false as const, current: row ? toDoc(row) : null };
    if (w.mode === 'patch' && !row) return { ok: false as const, current: null };
    const data = w.mode === 'patch' && row ? { ...(JSON.parse(row.data) as DocData), ...w.data } : w.data;
    const version = (row?.version ?? 0) + 1;
    const updatedAt = iso(w.now);
    const createdAt = row?.created_at ?? updatedAt;
    const text = JSON.stringify(data);
    const entries = indexEntries(data, w.indexes);
    s.upsertDoc.run(w.collection, w.id, text, version, createdAt, updatedAt);
    if (row) s.deleteEntries.run(w.collection, w.id);
    writeEntries(w.collection, w.id, entries);
    const doc: Doc = { id: w.id, data: JSON.parse(text) as DocData, version, createdAt, updatedAt };
    return { ok: true as const, doc };
  });

  const remove = db.transaction((r: DocDelete) => {
    fenceCheck(r.fence);
    const row = s.getDoc.get(r.collection, r.id);
    if (!row) return { deleted: false, current: null };
    if (r.expect !== undefined && row.version !== r.expect) return { deleted: false, current: toDoc(row) };
    s.deleteDoc.run(r.collection, r.id);
    s.deleteEntries.run(r.collection, r.id);
    return { deleted: true, current: null };
  });

  const saveCollection = db.transaction((name: string, wanted: readonly string[]): string[] => {
    const row = s.collection.get(name);
    const current = row ? (JSON.parse(row.indexes) as string[]) : [];
    const added = [...new Set(wanted)].filter((field) => !current.includes(field));
    const indexes = [...current, ...added];
    if (!row || added.length > 0) s.saveCollection.run(name, JSON.stringify(indexes));
    if (!row || added.length === 0) return indexes;
    // A page at a time: the statement that reads cannot stay open while the same connection writes.
    let after = '';
    for (let page = s.docsAfter.all(name, after); page.length > 0; page = s.docsAfter.all(name, after)) {
      for (const doc of page) writeEntries(name, doc.id, indexEntries(JSON.parse(doc.data), added));
      after = page[page.length - 1]?.id ?? after;
    }
    return indexes;
  });

  const acquire = db.transaction((key: string, owner: string, ttlMs: number, now: number, runId: string | undefined) => {
    const row = s.lease.get(key);
    if (row && row.owner !== null && row.expires_at > now) {
      if (row.owner !== owner) return { ok: false as const, holder: { owner: row.owner, expiresAt: iso(row.expires_at) } };
      s.extendLease.run(now + ttlMs, key);
      return { ok: true as const, lease: toLease({ ...row, expires_at: now + ttlMs }) };
    }
    const token = (row?.token ?? 0) + 1;
    s.takeLease.run(key, owner, token, now + ttlMs, runId ?? null);
    return { ok: true as const, lease: { key, owner, token, expiresAt: iso(now + ttlMs) } };
  });

  return {
    kind: 'sqlite',
    shared: false,

    async listCollections() {
      return s.collections.all().map((row) => ({ name: row.name, indexes: JSON.parse(row.indexes) as string[], count: row.count }));
    },
    async collectionIndexes(name) {
      const row = s.collection.get(name);
      return row ? (JSON.parse(row.indexes) as string[]) : undefined;
    },
    async saveCollection(name, wanted) {
      return saveCollection.immediate(name, wanted);
    },

    async getDoc(collection, id) {
      const row = s.getDoc.get(collection, id);
      return row ? toDoc(row) : undefined;
    },
    async writeDoc(w) {
      return write.immediate(w);
    },
    async deleteDoc(r) {
      return remove.immediate(r);
    },

    async query(plan: QueryPlan) {
      const { sql, params } = querySql(plan);
      return prepared(shapes, sql)
        .all(...params)
        .map((row): QueryRow => ({ doc: toDoc(row), key: row.k === null ? null : loaded(row.k, row.v as string | number) }));
    },
    async count(plan: CountPlan) {
      const [drive, ...rest] = plan.filters;
      if (!drive) return s.countAll.get(plan.collection)?.n ?? 0;
      const params: SqlValue[] = [plan.collection, drive.field];
      const where = ['o.collection = ?', 'o.field = ?', ...termsSql('o', drive.terms, params), ...existsSql('o', rest, params)];
      const sql = `SELECT COUNT(DISTINCT o.doc_id) AS n FROM store_entries o WHERE ${where.join(' AND ')}`;
      return prepared(countShapes, sql).get(...params)?.n ?? 0;
    },

    async insertBlob(meta) {
      s.insertBlob.run(meta.id, meta.mime, meta.size, meta.sha256, meta.ownerId, meta.createdAt);
    },
    async getBlob(id) {
      const row = s.getBlob.get(id);
      return row ? toBlob(row) : undefined;
    },
    async deleteBlob(id) {
      return s.deleteBlob.run(id).changes > 0;
    },
    async listBlobs(limit, before) {
      return (before === undefined ? s.listBlobs.all(limit) : s.listBlobsBefore.all(before, limit)).map(toBlob);
    },

    async acquireLease({ key, owner, ttlMs, now, runId }) {
      return acquire.immediate(key, owner, ttlMs, now, runId);
    },
    async renewLease({ key, owner, ttlMs, now }) {
      const row = s.renewLease.get(now + ttlMs, key, owner, now);
      return row ? toLease(row) : undefined;
    },
    async releaseLease(key, owner, now) {
      return (owner === null ? s.forceRelease.run(key, now) : s.releaseLease.run(key, owner, now)).changes > 0;
    },
    async releaseOwner(owner, now) {
      return s.releaseOwner.all(owner).filter((row) => row.expires_at > now).length;
    },
    async releaseRun(runId, now) {
      return s.releaseRun.all(runId).filter((row) => row.expires_at > now).length;
    },
    async leaseRuns(now) {
      return s.leaseRuns.all(now).map((row) => row.run_id);
    },
    async getLease(key, now) {
      const row = s.lease.get(key);
      return row && row.owner !== null && row.expires_at > now ? toLease(row) : undefined;
    },
    async listLeases(now) {
      return s.listLeases.all(now).map(toLease);
    },

    async close() {
      if (db.open) db.close();
    },
  };
}

const DOC_COLUMNS = 'd.id, d.data, d.version, d.created_at, d.updated_at';

/** The SQL of a plan: its text depends only on the plan's shape, so the statement cache stays small. */
export function querySql(plan: QueryPlan): { sql: string; params: SqlValue[] } {
  const dir = plan.order === 'asc' ? 'ASC' : 'DESC';
  const cmp = plan.order === 'asc' ? '>' : '<';
  const params: SqlValue[] = [plan.collection];
  const where: string[] = [];
  let from: string;
  let select: string;
  let orderBy: string;
  if (plan.by === 'field') {
    from = 'store_entries o JOIN store_docs d ON d.collection = o.collection AND d.id = o.doc_id';
    select = `${DOC_COLUMNS}, o.kind AS k, o.value AS v`;
    where.push('o.collection = ?', 'o.field = ?', 'o.sort = 1');
    params.push(plan.field);
    if (plan.drive) where.push(...termsSql('o', plan.drive.terms, params));
    if (plan.after?.key) {
      where.push(`(o.kind, o.value, o.doc_id) ${cmp} (?, ?, ?)`);
      params.push(plan.after.key.kind, stored(plan.after.key), plan.after.id);
    }
    orderBy = `o.kind ${dir}, o.value ${dir}, o.doc_id ${dir}`;
    where.push(...existsSql('o', plan.filters, params));
  } else if (plan.drive) {
    from = 'store_entries o JOIN store_docs d ON d.collection = o.collection AND d.id = o.doc_id';
    select = `${DOC_COLUMNS}, NULL AS k, NULL AS v`;
    where.push('o.collection = ?', 'o.field = ?');
    params.push(plan.drive.field);
    where.push(...termsSql('o', plan.drive.terms, params));
    if (plan.after) {
      where.push(`o.doc_id ${cmp} ?`);
      params.push(plan.after.id);
    }
    orderBy = `o.doc_id ${dir}`;
    where.push(...existsSql('o', plan.filters, params));
  } else {
    from = 'store_docs d';
    select = `${DOC_COLUMNS}, NULL AS k, NULL AS v`;
    where.push('d.collection = ?');
    if (plan.after) {
      where.push(`d.id ${cmp} ?`);
      params.push(plan.after.id);
    }
    orderBy = `d.id ${dir}`;
    where.push(...existsSql('d', plan.filters, params));
  }
  params.push(plan.limit);
  return { sql: `SELECT ${select} FROM ${from} WHERE ${where.join(' AND ')} ORDER BY ${orderBy} LIMIT ?`, params };
}

/** `outer` is the alias of the row the document comes from: an entry (`o`) or the document itself (`d`). */
function existsSql(outer: 'o' | 'd', filters: FieldFilter[], params: SqlValue[]): string[] {
  const docId = outer === 'o' ? 'o.doc_id' : 'd.id';
  return filters.map((filter, i) => {
    const alias = `f${i}`;
    params.push(filter.field);
    const terms = termsSql(alias, filter.terms, params);
    return `EXISTS (SELECT 1 FROM store_entries ${alias} WHERE ${alias}.collection = ${outer}.collection AND ${alias}.doc_id = ${docId} AND ${alias}.field = ? AND ${terms.join(' AND ')})`;
  });
}

const RANGE_SQL = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

function termsSql(alias: string, terms: Term[], params: SqlValue[]): string[] {
  return terms.map((term) => {
    if (term.op === 'in') {
      if (term.keys.length === 0) return '0';
      for (const key of term.keys) params.push(key.kind, stored(key));
      return `(${alias}.kind, ${alias}.value) IN (VALUES ${term.keys.map(() => '(?, ?)').join(', ')})`;
    }
    params.push(term.key.kind, stored(term.key));
    return `${alias}.kind = ? AND ${alias}.value ${term.op === 'eq' ? '=' : RANGE_SQL[term.op]} ?`;
  });
}
