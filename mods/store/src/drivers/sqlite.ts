import { countSql, querySql } from '../documents/query-sql.ts';
import type { QueryRow, StoreDriver } from './driver.ts';
import { toBlob, toLease } from './rows.ts';
import { loaded, sqliteDialect } from './sqlite-dialect.ts';
import { openSqlite } from './sqlite-schema.ts';
import { prepareStatements, ShapeStatements, type SqliteQueryRow, sqliteDoc } from './sqlite-statements.ts';
import { sqliteWrites } from './sqlite-writes.ts';

/**
 * SQLite through better-sqlite3 (see `openSqlite` for the file, `sqliteWrites` for the
 * transactions): every statement prepared once, the writes asked for together committed in one transaction.
 */
export function createSqliteDriver(file: string): StoreDriver {
  const db = openSqlite(file);
  const s = prepareStatements(db);
  const writes = sqliteWrites(db, s);
  const queries = new ShapeStatements<SqliteQueryRow>(db);
  const counts = new ShapeStatements<{ n: number }>(db);

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
      return writes.saveCollection(name, wanted);
    },

    async getDoc(collection, id) {
      const row = s.getDoc.get(collection, id);
      return row ? sqliteDoc(row) : undefined;
    },
    async writeDoc(w) {
      return writes.writeDoc(w);
    },
    async deleteDoc(r) {
      return writes.deleteDoc(r);
    },

    async query(plan) {
      const sql = querySql(plan, sqliteDialect);
      return queries
        .get(sql)
        .all(...sql.params)
        .map((row): QueryRow => ({ doc: sqliteDoc(row), key: row.k === null ? null : loaded(row.k, row.v as string | number) }));
    },
    async count(plan) {
      const sql = countSql(plan, sqliteDialect);
      if (!sql) return s.countAll.get(plan.collection)?.n ?? 0;
      return counts.get(sql).get(...sql.params)?.n ?? 0;
    },

    async insertBlob(meta) {
      s.insertBlob.run(meta.id, meta.mime, meta.size, meta.sha256, meta.ownerId, meta.filename, meta.createdAt);
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

    async acquireLease(request) {
      return writes.acquireLease(request);
    },
    async renewLease({ key, owner, ttlMs, now }) {
      return writes.renewLease(key, owner, ttlMs, now);
    },
    async releaseLease(key, owner, now) {
      return writes.releaseLease(key, owner, now);
    },
    async releaseOwner(owner, now) {
      return writes.releaseOwner(owner, now);
    },
    async releaseRun(runId, now) {
      return writes.releaseRun(runId, now);
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
    async pruneResults(before) {
      return writes.pruneResults(before);
    },

    async close() {
      if (!db.open) return;
      writes.drain();
      db.close();
    },
  };
}
