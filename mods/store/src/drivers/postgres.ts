import { isoAt } from '@pattern/core';
import { createPool, migrate, type Pool } from '@pattern/postgres';
import type { Kind } from '../documents/index-keys.ts';
import { countSql, querySql, type SqlValue } from '../documents/query-sql.ts';
import type { QueryRow, StoreDriver } from './driver.ts';
import { PostgresBlobBytes } from './postgres-blobs.ts';
import { loaded, postgresDialect } from './postgres-dialect.ts';
import { postgresDocuments } from './postgres-documents.ts';
import { pruneResults, RESULTS_SCHEMA } from './postgres-results.ts';
import { POSTGRES_SCHEMA } from './postgres-schema.ts';
import { all, changed, one, SQL } from './postgres-statements.ts';
import { type BlobRow, type DocRow, type LeaseRow, toBlob, toDoc, toLease } from './rows.ts';

/**
 * PostgreSQL through `pg`, shared by every server on the database: documents are written as
 * `postgresDocuments` says, leases in one statement each, and blob bytes live in the database too
 * (`store_blob_chunks`), since servers share no folder. Every statement is a named one.
 */
export async function createPostgresDriver(url: string, options: { poolSize?: number } = {}): Promise<StoreDriver> {
  const pool = createPool(url, options.poolSize ?? 10);
  try {
    await migrate(pool, 'store', [...POSTGRES_SCHEMA, ...RESULTS_SCHEMA]);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return postgresDriver(pool);
}

function postgresDriver(pool: Pool): StoreDriver {
  const documents = postgresDocuments(pool);
  const count = async (text: string, values: SqlValue[]) => Number((await one<{ n: string }>(pool, text, values))?.n ?? 0);

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
    saveCollection: documents.saveCollection,

    async getDoc(collection, id) {
      const row = await one<DocRow>(pool, SQL.getDoc, [collection, id]);
      return row ? toDoc(row) : undefined;
    },
    writeDoc: documents.writeDoc,
    deleteDoc: documents.deleteDoc,

    async query(plan) {
      const { sql, params } = querySql(plan, postgresDialect);
      const rows = await all<DocRow & { k: Kind | null; n: number | null; s: string | null }>(pool, sql, params);
      return rows.map((row): QueryRow => ({ doc: toDoc(row), key: row.k === null ? null : loaded(row.k, row.n ?? 0, row.s ?? '') }));
    },
    async count(plan) {
      const sql = countSql(plan, postgresDialect);
      return sql ? count(sql.sql, sql.params) : count(SQL.countAll, [plan.collection]);
    },

    async insertBlob(meta) {
      await changed(pool, SQL.insertBlob, [meta.id, meta.mime, meta.size, meta.sha256, meta.ownerId, meta.filename, meta.createdAt]);
    },
    async getBlob(id) {
      const row = await one<BlobRow>(pool, SQL.getBlob, [id]);
      return row ? toBlob(row) : undefined;
    },
    async deleteBlob(id) {
      return (await changed(pool, SQL.deleteBlob, [id])) > 0;
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
        if (holder?.owner && holder.owner !== owner)
          return { ok: false as const, holder: { owner: holder.owner, expiresAt: isoAt(Number(holder.expires_at)) } };
      }
    },
    async renewLease({ key, owner, ttlMs, now }) {
      const row = await one<LeaseRow>(pool, SQL.renew, [now + ttlMs, key, owner, now]);
      return row ? toLease(row) : undefined;
    },
    async releaseLease(key, owner, now) {
      return (owner === null ? await changed(pool, SQL.forceRelease, [key, now]) : await changed(pool, SQL.release, [key, owner, now])) > 0;
    },
    releaseOwner: (owner, now) => count(SQL.releaseOwner, [owner, now]),
    releaseRun: (runId, now) => count(SQL.releaseRun, [runId, now]),
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
    pruneResults: (before) => pruneResults(pool, before),

    async close() {
      await pool.end();
    },
  };
}
