import { isoAt } from '@pattern/core';
import { type Pool, type PoolClient, transaction } from '@pattern/postgres';
import { type IndexEntry, indexEntries } from '../documents/index-keys.ts';
import type { DeleteResult, Doc, DocData, WriteResult } from '../schemas.ts';
import { checkFence, type DocDelete, type DocWrite } from './driver.ts';
import { once } from './postgres-results.ts';
import { all, changed, docEntryColumns, entryColumns, one, SQL } from './postgres-statements.ts';
import { type DocRow, toDoc } from './rows.ts';

/**
 * The document writes on PostgreSQL. Each is one transaction that locks what it checks (the
 * fencing lease, the collection's index list, the document), so versions, tokens and index
 * entries stay right when several servers write at once. The index list a write uses is the
 * stored one, read under that lock, never a server's cached copy.
 */
export function postgresDocuments(pool: Pool) {
  const fenceCheck = async (client: PoolClient, fence: DocWrite['fence']) => {
    if (!fence) return;
    const row = await one<{ token: string }>(client, SQL.leaseToken, [fence.key]);
    checkFence(fence, row ? Number(row.token) : undefined);
  };

  const writeEntries = async (client: PoolClient, collection: string, rows: Array<{ docId: string; entries: IndexEntry[] }>) => {
    if (rows.every((row) => row.entries.length === 0)) return;
    await changed(client, SQL.insertEntries, [collection, ...entryColumns(rows)]);
  };

  const lockForWrite = (client: PoolClient, w: DocWrite) => one<DocRow & { indexes: string[] }>(client, SQL.lockForWrite, [w.collection, w.id]);

  return {
    saveCollection(name: string, wanted: readonly string[]): Promise<string[]> {
      return transaction(pool, async (client) => {
        await changed(client, SQL.createCollection, [name]);
        const current = (await one<{ indexes: string[] }>(client, SQL.lockCollection, [name]))?.indexes ?? [];
        const added = [...new Set(wanted)].filter((field) => !current.includes(field));
        if (added.length === 0) return current;
        const indexes = [...current, ...added];
        await changed(client, SQL.saveIndexes, [name, JSON.stringify(indexes)]);
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

    async writeDoc(w: DocWrite): Promise<WriteResult> {
      if (w.expect !== undefined && !w.fence && w.idempotencyKey === undefined) {
        // A compare-and-swap that already lost needs no lock: answering at once keeps the losers of a
        // contended key from queueing on its row lock one after the other. (A fenced write checks its
        // token first, and a write under an idempotency key its key, so they always take the transaction.)
        const seen = await one<DocRow>(pool, SQL.getDoc, [w.collection, w.id]);
        if ((seen?.version ?? 0) !== w.expect) return { ok: false, current: seen ? toDoc(seen) : null };
      }
      return transaction(pool, (client) => once(client, w.idempotencyKey, w.now, () => writeIn(client, w)));
    },

    deleteDoc(r: DocDelete): Promise<DeleteResult> {
      return transaction(pool, (client) => once(client, r.idempotencyKey, r.now, () => deleteIn(client, r)));
    },
  };

  async function writeIn(client: PoolClient, w: DocWrite): Promise<WriteResult> {
    await fenceCheck(client, w.fence);
    let locked = await lockForWrite(client, w);
    if (!locked) {
      await changed(client, SQL.createCollection, [w.collection]);
      locked = await lockForWrite(client, w);
    }
    const indexes = locked?.indexes ?? [];
    let row: DocRow | undefined = locked && locked.id !== null ? locked : undefined;
    for (;;) {
      if (w.expect !== undefined && (row?.version ?? 0) !== w.expect) return { ok: false, current: row ? toDoc(row) : null };
      if (w.mode === 'patch' && !row) return { ok: false, current: null };
      const data = w.mode === 'patch' && row ? { ...row.data, ...w.data } : w.data;
      const text = JSON.stringify(data);
      const updatedAt = isoAt(w.now);
      const entries = docEntryColumns(indexEntries(data, indexes));
      if (row) {
        await changed(client, SQL.updateDoc, [w.collection, w.id, text, row.version + 1, updatedAt, ...entries]);
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
      return { ok: true, doc };
    }
  }

  async function deleteIn(client: PoolClient, r: DocDelete): Promise<DeleteResult> {
    await fenceCheck(client, r.fence);
    // Shared with writes, exclusive for a backfill: a backfill never writes entries for a document deleted under it.
    await changed(client, SQL.shareCollection, [r.collection]);
    const row = await one<DocRow>(client, SQL.lockDoc, [r.collection, r.id]);
    if (!row) return { deleted: false, current: null };
    if (r.expect !== undefined && row.version !== r.expect) return { deleted: false, current: toDoc(row) };
    await changed(client, SQL.deleteDoc, [r.collection, r.id]);
    return { deleted: true, current: null };
  }
}
