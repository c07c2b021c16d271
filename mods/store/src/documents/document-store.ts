import { assertStoredDepth, PatternError, ulidFactory } from '@pattern/core';
import type { z } from 'zod';
import type { StoreDriver } from '../drivers/driver.ts';
import {
  type CollectionInfo,
  type DeleteResult,
  type DeleteSchema,
  type Doc,
  type Fence,
  type PatchSchema,
  type PutSchema,
  type QuerySchema,
  refuseNul,
  type Where,
  type WriteResult,
} from '../schemas.ts';
import { keyCursor } from './cursor.ts';
import { planCount, planQuery } from './query-plan.ts';

export type ParsedPut = z.output<typeof PutSchema>;
export type ParsedPatch = z.output<typeof PatchSchema>;
export type ParsedDelete = z.output<typeof DeleteSchema>;
export type ParsedQuery = z.output<typeof QuerySchema>;

export interface QueryPage {
  docs: Doc[];
  /** The cursor of the next page; null on the last one. */
  next: string | null;
}

/** Ids that increase within the process, so id order is creation order even within one millisecond. */
const nextId = ulidFactory();

/** What a write names as text of the store's own: an id and a fence's key never hold NUL (see `refuseNul`). */
function refuseNulKeys(id: string | undefined, fence: Fence | undefined): void {
  refuseNul(id, 'id');
  refuseNul(fence?.key, 'fence.key');
}

/** Data nested deeper than the JavaScript stack can serialize is the caller's mistake, not the store's fault. */
function refuseTooDeep(error: unknown): never {
  if (error instanceof RangeError) {
    throw new PatternError('bad_request', 'The document data is nested too deeply to store', { field: 'data' });
  }
  throw error;
}

/**
 * Documents over the driver, for values already parsed by their schemas (an op's inputs, or the
 * service's edge): what is checked here is only what storage needs beyond their shape (no NUL, no data nested too deeply).
 */
export class DocumentStore {
  private readonly driver: StoreDriver;
  private readonly now: () => number;
  private readonly maxStoredDepth: number;
  private readonly indexes = new Map<string, readonly string[]>();
  /** Collection changes one at a time, so a first put and a declaration never overwrite each other's indexes. */
  private collectionChanges: Promise<unknown> = Promise.resolve();

  constructor(driver: StoreDriver, now: () => number, maxStoredDepth: number) {
    this.driver = driver;
    this.now = now;
    this.maxStoredDepth = maxStoredDepth;
  }

  /** Loads the declared collections; called once before use. */
  async open(): Promise<void> {
    for (const c of await this.driver.listCollections()) this.indexes.set(c.name, c.indexes);
  }

  ensureCollection(name: string, indexes: readonly string[]): Promise<CollectionInfo> {
    return this.changeCollection(name, indexes);
  }

  async get(collection: string, id: string): Promise<Doc | undefined> {
    refuseNul(id, 'id');
    return this.driver.getDoc(collection, id);
  }

  /** With an idempotency key, the put happens once: a later put under the key answers the first one's result and writes nothing. */
  async put(put: ParsedPut, idempotencyKey?: string): Promise<WriteResult> {
    refuseNulKeys(put.id, put.fence);
    refuseNul(idempotencyKey, 'idempotencyKey');
    assertStoredDepth(put.data, 'data', this.maxStoredDepth, 'the store');
    return this.driver
      .writeDoc({
        collection: put.collection,
        id: put.id ?? nextId(),
        mode: 'put',
        data: put.data,
        expect: put.version,
        fence: put.fence,
        indexes: await this.indexesOf(put.collection),
        now: this.now(),
        idempotencyKey,
      })
      .catch(refuseTooDeep);
  }

  async patch(patch: ParsedPatch, idempotencyKey?: string): Promise<WriteResult> {
    refuseNulKeys(patch.id, patch.fence);
    refuseNul(idempotencyKey, 'idempotencyKey');
    assertStoredDepth(patch.patch, 'patch', this.maxStoredDepth, 'the store');
    return this.driver
      .writeDoc({
        collection: patch.collection,
        id: patch.id,
        mode: 'patch',
        data: patch.patch,
        expect: patch.version,
        fence: patch.fence,
        indexes: await this.indexesOf(patch.collection),
        now: this.now(),
        idempotencyKey,
      })
      .catch(refuseTooDeep);
  }

  async delete(remove: ParsedDelete, idempotencyKey?: string): Promise<DeleteResult> {
    refuseNulKeys(remove.id, remove.fence);
    refuseNul(idempotencyKey, 'idempotencyKey');
    return this.driver.deleteDoc({
      collection: remove.collection,
      id: remove.id,
      expect: remove.version,
      fence: remove.fence,
      now: this.now(),
      idempotencyKey,
    });
  }

  async query(query: ParsedQuery): Promise<QueryPage> {
    const plan = await this.planned(query.collection, (indexes) => planQuery(query, indexes));
    const rows = await this.driver.query({ ...plan, limit: plan.limit + 1 });
    const page = rows.slice(0, plan.limit);
    const last = page[page.length - 1];
    const next = rows.length > plan.limit && last ? keyCursor(plan.field, plan.order, last.key, last.doc.id) : null;
    return { docs: page.map((row) => row.doc), next };
  }

  async count(collection: string, where: Where | undefined): Promise<number> {
    return this.driver.count(await this.planned(collection, (indexes) => planCount(collection, where, indexes)));
  }

  private async indexesOf(collection: string): Promise<readonly string[]> {
    const known = this.indexes.get(collection);
    if (known) return known;
    return (await this.changeCollection(collection, [])).indexes;
  }

  /**
   * Plans against the cached indexes. Another server sharing the storage may have declared the
   * collection or added an index since: a plan that names a field the cache lacks reloads the
   * collection's indexes from storage once before failing.
   */
  private async planned<T>(collection: string, plan: (indexes: readonly string[]) => T): Promise<T> {
    try {
      return plan(this.indexes.get(collection) ?? []);
    } catch (error) {
      if (!(error instanceof PatternError) || error.code !== 'unindexed_field') throw error;
      const stored = await this.driver.collectionIndexes(collection);
      if (!stored) throw error;
      this.indexes.set(collection, stored);
      return plan(stored);
    }
  }

  private changeCollection(name: string, wanted: readonly string[]): Promise<CollectionInfo> {
    const change = this.collectionChanges.then(async () => {
      const current = this.indexes.get(name);
      let indexes = current ?? [];
      if (!current || wanted.some((field) => !current.includes(field))) {
        indexes = await this.driver.saveCollection(name, wanted);
        this.indexes.set(name, indexes);
      }
      return { name, indexes: [...indexes], count: await this.driver.count({ collection: name, filters: [] }) };
    });
    this.collectionChanges = change.catch(() => undefined);
    return change;
  }
}
