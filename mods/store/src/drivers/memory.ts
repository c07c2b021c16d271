import { isoAt } from '@pattern/core';
import { compareKeys, type IndexEntry, indexEntries, KIND_STRING, type TypedKey } from '../documents/index-keys.ts';
import { type FieldFilter, type QueryPlan, termMatches } from '../documents/query-plan.ts';
import type { BlobMeta, DeleteResult, Doc, DocData, Lease, WriteResult } from '../schemas.ts';
import { checkFence, type DocDelete, type DocWrite, type QueryRow, type StoreDriver } from './driver.ts';

interface StoredDoc {
  doc: Doc;
  entries: IndexEntry[];
}

interface Collection {
  indexes: string[];
  docs: Map<string, StoredDoc>;
}

interface LeaseRow {
  owner: string | null;
  token: number;
  expiresAt: number;
  runId: string | undefined;
}

/** Everything in maps: for tests and `driver: "memory"`. Copies go in and out so callers never share state. */
export function createMemoryDriver(): StoreDriver {
  const collections = new Map<string, Collection>();
  const blobs = new Map<string, BlobMeta>();
  const leases = new Map<string, LeaseRow>();
  /** What a write under an idempotency key answered, and when. */
  const results = new Map<string, { result: unknown; at: number }>();
  const once = <T>(key: string | undefined, now: number, work: () => T): T => {
    const kept = key === undefined ? undefined : results.get(key);
    if (kept) return structuredClone(kept.result) as T;
    const result = work();
    if (key !== undefined) results.set(key, { result: structuredClone(result), at: now });
    return result;
  };

  const collection = (name: string, indexes: readonly string[] = []): Collection => {
    let found = collections.get(name);
    if (!found) {
      found = { indexes: [...indexes], docs: new Map() };
      collections.set(name, found);
    }
    return found;
  };
  const live = (row: LeaseRow | undefined, now: number): row is LeaseRow & { owner: string } =>
    row !== undefined && row.owner !== null && row.expiresAt > now;
  const leaseOf = (key: string, row: LeaseRow & { owner: string }): Lease => ({
    key,
    owner: row.owner,
    token: row.token,
    expiresAt: isoAt(row.expiresAt),
  });
  const free = (row: LeaseRow) => {
    row.owner = null;
    row.runId = undefined;
  };
  const matches = (entries: IndexEntry[], filter: FieldFilter, sortOnly: boolean) =>
    entries.some((e) => e.field === filter.field && (!sortOnly || e.sort) && filter.terms.every((t) => termMatches(e, t)));

  const writeOnce = (write: DocWrite): WriteResult => {
    checkFence(write.fence, write.fence ? leases.get(write.fence.key)?.token : undefined);
    const c = collection(write.collection, write.indexes);
    const current = c.docs.get(write.id);
    if (write.expect !== undefined && (current?.doc.version ?? 0) !== write.expect) {
      return { ok: false, current: current ? structuredClone(current.doc) : null };
    }
    if (write.mode === 'patch' && !current) return { ok: false, current: null };
    // Through JSON, as a database would store it, so both drivers give back the same values.
    const data = JSON.parse(JSON.stringify(write.mode === 'patch' ? { ...current?.doc.data, ...write.data } : write.data)) as DocData;
    const doc: Doc = {
      id: write.id,
      data,
      version: (current?.doc.version ?? 0) + 1,
      createdAt: current?.doc.createdAt ?? isoAt(write.now),
      updatedAt: isoAt(write.now),
    };
    c.docs.set(write.id, { doc, entries: indexEntries(data, c.indexes) });
    return { ok: true, doc: structuredClone(doc) };
  };

  const deleteOnce = (remove: DocDelete): DeleteResult => {
    checkFence(remove.fence, remove.fence ? leases.get(remove.fence.key)?.token : undefined);
    const c = collections.get(remove.collection);
    const current = c?.docs.get(remove.id);
    if (!c || !current) return { deleted: false, current: null };
    if (remove.expect !== undefined && current.doc.version !== remove.expect) return { deleted: false, current: structuredClone(current.doc) };
    c.docs.delete(remove.id);
    return { deleted: true, current: null };
  };

  return {
    kind: 'memory',
    shared: false,

    async listCollections() {
      return [...collections]
        .map(([name, c]) => ({ name, indexes: [...c.indexes], count: c.docs.size }))
        .sort((a, b) => a.name.localeCompare(b.name));
    },

    async collectionIndexes(name) {
      const found = collections.get(name);
      return found ? [...found.indexes] : undefined;
    },

    async saveCollection(name, wanted) {
      const c = collection(name);
      const added = [...new Set(wanted)].filter((field) => !c.indexes.includes(field));
      // Every entry first: a document whose value cannot be indexed leaves the collection as it was, as a rolled back transaction would.
      const entries = [...c.docs.values()].map((stored) => ({ stored, entries: indexEntries(stored.doc.data, added) }));
      c.indexes.push(...added);
      for (const { stored, entries: more } of entries) stored.entries.push(...more);
      return [...c.indexes];
    },

    async getDoc(name, id) {
      const stored = collections.get(name)?.docs.get(id);
      return stored ? structuredClone(stored.doc) : undefined;
    },

    async writeDoc(write: DocWrite) {
      return once(write.idempotencyKey, write.now, () => writeOnce(write));
    },

    async deleteDoc(remove: DocDelete) {
      return once(remove.idempotencyKey, remove.now, () => deleteOnce(remove));
    },

    async query(plan: QueryPlan) {
      const c = collections.get(plan.collection);
      if (!c) return [];
      const sign = plan.order === 'asc' ? 1 : -1;
      const rows: QueryRow[] = [];
      for (const stored of c.docs.values()) {
        if (plan.drive && !matches(stored.entries, plan.drive, plan.by === 'field')) continue;
        if (!plan.filters.every((f) => matches(stored.entries, f, false))) continue;
        const key = plan.by === 'field' ? (stored.entries.find((e) => e.field === plan.field && e.sort) ?? null) : null;
        rows.push({ doc: stored.doc, key: key ? { kind: key.kind, value: key.value } : null });
      }
      const compare = (a: { key: TypedKey | null; id: string }, b: { key: TypedKey | null; id: string }) => {
        const byKey = a.key && b.key ? compareKeys(a.key, b.key) : 0;
        return sign * (byKey !== 0 ? byKey : compareKeys({ kind: KIND_STRING, value: a.id }, { kind: KIND_STRING, value: b.id }));
      };
      const after = plan.after;
      return rows
        .filter((row) => !after || compare({ key: row.key, id: row.doc.id }, { key: after.key, id: after.id }) > 0)
        .sort((a, b) => compare({ key: a.key, id: a.doc.id }, { key: b.key, id: b.doc.id }))
        .slice(0, plan.limit)
        .map((row) => ({ doc: structuredClone(row.doc), key: row.key }));
    },

    async count(plan) {
      const c = collections.get(plan.collection);
      if (!c) return 0;
      let count = 0;
      for (const stored of c.docs.values()) if (plan.filters.every((f) => matches(stored.entries, f, false))) count++;
      return count;
    },

    async insertBlob(meta) {
      blobs.set(meta.id, { ...meta });
    },
    async getBlob(id) {
      const meta = blobs.get(id);
      return meta ? { ...meta } : undefined;
    },
    async deleteBlob(id) {
      return blobs.delete(id);
    },
    async listBlobs(limit, before) {
      return [...blobs.values()]
        .filter((b) => before === undefined || b.id < before)
        .sort((a, b) => (a.id < b.id ? 1 : -1))
        .slice(0, limit)
        .map((b) => ({ ...b }));
    },

    async acquireLease({ key, owner, ttlMs, now, runId }) {
      const row = leases.get(key);
      if (live(row, now) && row.owner !== owner) return { ok: false, holder: { owner: row.owner, expiresAt: isoAt(row.expiresAt) } };
      if (live(row, now)) {
        row.expiresAt = now + ttlMs;
        return { ok: true, lease: leaseOf(key, row) };
      }
      const next = { owner, token: (row?.token ?? 0) + 1, expiresAt: now + ttlMs, runId };
      leases.set(key, next);
      return { ok: true, lease: leaseOf(key, next) };
    },
    async renewLease({ key, owner, ttlMs, now }) {
      const row = leases.get(key);
      if (!live(row, now) || row.owner !== owner) return undefined;
      row.expiresAt = now + ttlMs;
      return leaseOf(key, row);
    },
    async releaseLease(key, owner, now) {
      const row = leases.get(key);
      if (!live(row, now) || (owner !== null && row.owner !== owner)) return false;
      free(row);
      return true;
    },
    async releaseOwner(owner, now) {
      let released = 0;
      for (const row of leases.values()) {
        if (row.owner !== owner) continue;
        if (live(row, now)) released++;
        free(row);
      }
      return released;
    },
    async releaseRun(runId, now) {
      let released = 0;
      for (const row of leases.values()) {
        if (row.runId !== runId || row.owner !== runId) continue;
        if (live(row, now)) released++;
        free(row);
      }
      return released;
    },
    async leaseRuns(now) {
      return [
        ...new Set([...leases.values()].flatMap((row) => (live(row, now) && row.runId !== undefined && row.owner === row.runId ? [row.runId] : []))),
      ];
    },
    async getLease(key, now) {
      const row = leases.get(key);
      return live(row, now) ? leaseOf(key, row) : undefined;
    },
    async listLeases(now) {
      return [...leases]
        .flatMap(([key, row]) => (live(row, now) ? [leaseOf(key, row)] : []))
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    },

    async pruneResults(before) {
      let pruned = 0;
      for (const [key, kept] of results) {
        if (kept.at >= before) continue;
        results.delete(key);
        pruned++;
      }
      return pruned;
    },

    async close() {},
  };
}
