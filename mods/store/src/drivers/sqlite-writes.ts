import { isoAt } from '@pattern/core';
import { SqliteWriteBatch } from '@pattern/sqlite';
import type Database from 'better-sqlite3';
import { type IndexEntry, indexEntries } from '../documents/index-keys.ts';
import type { AcquireResult, DeleteResult, DocData, WriteResult } from '../schemas.ts';
import { checkFence, type DocDelete, type DocWrite, type LeaseRequest } from './driver.ts';
import { toLease } from './rows.ts';
import { stored } from './sqlite-dialect.ts';
import { sqliteResults } from './sqlite-results.ts';
import { type Statements, sqliteDoc } from './sqlite-statements.ts';

/**
 * The writes of the store, each a transaction of its own: the check (version, fencing token, lease
 * holder) and the write happen together or not at all. Writes asked for together are committed
 * together (see `SqliteWriteBatch`).
 */
export function sqliteWrites(db: Database.Database, s: Statements) {
  const batch = new SqliteWriteBatch(db);
  const writeEntries = (collection: string, id: string, entries: IndexEntry[]) => {
    for (const e of entries) s.insertEntry.run(collection, e.field, e.kind, stored(e), id, e.sort ? 1 : 0);
  };

  const fenceCheck = (fence: DocWrite['fence']) => {
    if (fence) checkFence(fence, s.leaseToken.get(fence.key)?.token);
  };

  const results = sqliteResults(db);

  const write = db.transaction((w: DocWrite): WriteResult => results.once(w.idempotencyKey, w.now, () => writeOnce(w)));

  const writeOnce = (w: DocWrite): WriteResult => {
    fenceCheck(w.fence);
    const row = s.getDoc.get(w.collection, w.id);
    if (w.expect !== undefined && (row?.version ?? 0) !== w.expect) return { ok: false, current: row ? sqliteDoc(row) : null };
    if (w.mode === 'patch' && !row) return { ok: false, current: null };
    const data = w.mode === 'patch' && row ? { ...(JSON.parse(row.data) as DocData), ...w.data } : w.data;
    const version = (row?.version ?? 0) + 1;
    const updatedAt = isoAt(w.now);
    const createdAt = row?.created_at ?? updatedAt;
    const text = JSON.stringify(data);
    const entries = indexEntries(data, w.indexes);
    s.upsertDoc.run(w.collection, w.id, text, version, createdAt, updatedAt);
    if (row) s.deleteEntries.run(w.collection, w.id);
    writeEntries(w.collection, w.id, entries);
    return { ok: true, doc: { id: w.id, data: JSON.parse(text) as DocData, version, createdAt, updatedAt } };
  };

  const remove = db.transaction((r: DocDelete): DeleteResult => results.once(r.idempotencyKey, r.now, () => removeOnce(r)));

  const removeOnce = (r: DocDelete): DeleteResult => {
    fenceCheck(r.fence);
    const row = s.getDoc.get(r.collection, r.id);
    if (!row) return { deleted: false, current: null };
    if (r.expect !== undefined && row.version !== r.expect) return { deleted: false, current: sqliteDoc(row) };
    s.deleteDoc.run(r.collection, r.id);
    s.deleteEntries.run(r.collection, r.id);
    return { deleted: true, current: null };
  };

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

  const acquire = db.transaction(({ key, owner, ttlMs, now, runId }: LeaseRequest): AcquireResult => {
    const row = s.lease.get(key);
    if (row && row.owner !== null && row.expires_at > now) {
      if (row.owner !== owner) return { ok: false, holder: { owner: row.owner, expiresAt: isoAt(row.expires_at) } };
      s.extendLease.run(now + ttlMs, key);
      return { ok: true, lease: toLease({ ...row, expires_at: now + ttlMs }) };
    }
    const token = (row?.token ?? 0) + 1;
    s.takeLease.run(key, owner, token, now + ttlMs, runId ?? null);
    return { ok: true, lease: { key, owner, token, expiresAt: isoAt(now + ttlMs) } };
  });

  return {
    writeDoc: (w: DocWrite) => batch.run(() => write(w)),
    deleteDoc: (r: DocDelete) => batch.run(() => remove(r)),
    // Queued with the writes, so a write asked for first is indexed by the collection's new indexes too.
    saveCollection: (name: string, wanted: readonly string[]) => batch.run(() => saveCollection(name, wanted)),
    acquireLease: (request: LeaseRequest) => batch.run(() => acquire(request)),
    // Lease releases and renewals queue behind the acquires asked for before them: a run's release
    // at its settle must not overtake the acquire that run asked for just before it was stopped.
    renewLease: (key: string, owner: string, ttlMs: number, now: number) =>
      batch.run(() => {
        const row = s.renewLease.get(now + ttlMs, key, owner, now);
        return row ? toLease(row) : undefined;
      }),
    releaseLease: (key: string, owner: string | null, now: number) =>
      batch.run(() => (owner === null ? s.forceRelease.run(key, now) : s.releaseLease.run(key, owner, now)).changes > 0),
    releaseOwner: (owner: string, now: number) => batch.run(() => s.releaseOwner.all(owner).filter((row) => row.expires_at > now).length),
    releaseRun: (runId: string, now: number) => batch.run(() => s.releaseRun.all(runId).filter((row) => row.expires_at > now).length),
    pruneResults: results.prune,
    drain: () => batch.drain(),
  };
}
