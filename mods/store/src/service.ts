import { rm } from 'node:fs/promises';
import { DEFAULT_MAX_STORED_DEPTH, PatternError } from '@pattern/core';
import { monotonicFactory } from 'ulid';
import { z } from 'zod';
import { BlobFiles } from './blobs/blob-files.ts';
import { BlobStore } from './blobs/blob-store.ts';
import { keyCursor } from './documents/cursor.ts';
import { planCount, planQuery } from './documents/query-plan.ts';
import type { StoreDriver } from './drivers/driver.ts';
import { LeaseStore } from './leases/lease-store.ts';
import { refuseNul } from './refuse-nul.ts';
import {
  type CollectionDeclaration,
  CollectionDeclarationSchema,
  type CollectionInfo,
  CollectionNameSchema,
  DEFAULT_MAX_BLOB_BYTES,
  type DeleteInput,
  type DeleteResult,
  DeleteSchema,
  type Doc,
  DocIdSchema,
  type Fence,
  type PatchInput,
  PatchSchema,
  type PutInput,
  PutSchema,
  type QueryInput,
  QuerySchema,
  type Where,
  WhereSchema,
  type WriteResult,
} from './schemas.ts';
import { assertStoredDepth, parseInput } from './validation.ts';

/** Ids that increase within the process, so id order is creation order even within one millisecond. */
const nextId = monotonicFactory();

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

// Compiled once: these parse every call on the hot path.
const Put = z.compile(PutSchema);
const Patch = z.compile(PatchSchema);
const Delete = z.compile(DeleteSchema);
const Query = z.compile(QuerySchema);
const CollectionName = z.compile(CollectionNameSchema);
const DocId = z.compile(DocIdSchema);
const OptionalWhere = z.compile(WhereSchema.optional());

export interface StoreServiceOptions {
  driver: StoreDriver;
  /** The folder of blob files, unless the driver keeps blob bytes itself. */
  blobDir: string;
  /** For a temporary blob folder: removed, with its files, when the store closes. */
  removeBlobDirOnClose?: boolean | undefined;
  maxBlobBytes?: number | undefined;
  /** How deeply document data may nest (`limits.maxStoredDepth`). */
  maxStoredDepth?: number | undefined;
  now?: (() => number) | undefined;
}

export interface QueryPage {
  docs: Doc[];
  /** The cursor of the next page; null on the last one. */
  next: string | null;
}

/**
 * The store: documents with declared indexes, blobs and leases, over one driver. Every method is
 * async and validates what it is given, failing with `validation_failed` naming the field.
 */
export class StoreService {
  readonly driver: StoreDriver;
  readonly blobs: BlobStore;
  readonly leases: LeaseStore;
  private readonly now: () => number;
  private readonly maxStoredDepth: number;
  private readonly temporaryBlobDir: string | undefined;
  private readonly indexes = new Map<string, readonly string[]>();
  /** Collection changes one at a time, so a first put and a declaration never overwrite each other's indexes. */
  private collectionChanges: Promise<unknown> = Promise.resolve();

  constructor(options: StoreServiceOptions) {
    this.driver = options.driver;
    this.now = options.now ?? Date.now;
    this.maxStoredDepth = options.maxStoredDepth ?? DEFAULT_MAX_STORED_DEPTH;
    const bytes = options.driver.blobBytes ?? new BlobFiles(options.blobDir);
    this.blobs = new BlobStore(options.driver, bytes, options.maxBlobBytes ?? DEFAULT_MAX_BLOB_BYTES, this.now);
    this.leases = new LeaseStore(options.driver, this.now);
    this.temporaryBlobDir = options.removeBlobDirOnClose ? options.blobDir : undefined;
  }

  /** Loads the declared collections; called once before use. */
  async open(): Promise<this> {
    for (const c of await this.driver.listCollections()) this.indexes.set(c.name, c.indexes);
    return this;
  }

  /** Declares a collection and its indexes. Idempotent; an index added later is filled for the documents already there. */
  ensureCollection(declaration: CollectionDeclaration): Promise<CollectionInfo> {
    const { name, indexes } = parseInput(CollectionDeclarationSchema, declaration, 'collection');
    return this.changeCollection(name, indexes);
  }

  listCollections(): Promise<CollectionInfo[]> {
    return this.driver.listCollections();
  }

  async get(collection: string, id: string): Promise<Doc | undefined> {
    parseInput(CollectionName, collection, 'collection');
    parseInput(DocId, id, 'id');
    refuseNul(id, 'id');
    return this.driver.getDoc(collection, id);
  }

  /** Upserts a document; with `version` it is a compare-and-swap (0: only if absent), and a lost race is `{ ok: false, current }`. */
  async put(input: PutInput): Promise<WriteResult> {
    const put = parseInput(Put, input, 'put');
    refuseNulKeys(put.id, put.fence);
    assertStoredDepth(put.data, 'data', this.maxStoredDepth);
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
      })
      .catch(refuseTooDeep);
  }

  /** Merges `patch` into the document's data (top-level keys) if its version is still `version`; a missing document is `{ ok: false, current: null }`. */
  async patch(input: PatchInput): Promise<WriteResult> {
    const patch = parseInput(Patch, input, 'patch');
    refuseNulKeys(patch.id, patch.fence);
    assertStoredDepth(patch.patch, 'patch', this.maxStoredDepth);
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
      })
      .catch(refuseTooDeep);
  }

  /** Deletes a document; with `version`, only if it is still at that version (else `current` is what is stored). */
  async delete(input: DeleteInput): Promise<DeleteResult> {
    const remove = parseInput(Delete, input, 'delete');
    refuseNulKeys(remove.id, remove.fence);
    return this.driver.deleteDoc({ collection: remove.collection, id: remove.id, expect: remove.version, fence: remove.fence, now: this.now() });
  }

  async query(input: QueryInput): Promise<QueryPage> {
    const query = parseInput(Query, input, 'query');
    const plan = await this.planned(query.collection, (indexes) => planQuery(query, indexes));
    const rows = await this.driver.query({ ...plan, limit: plan.limit + 1 });
    const page = rows.slice(0, plan.limit);
    const last = page[page.length - 1];
    const next = rows.length > plan.limit && last ? keyCursor(plan.field, plan.order, last.key, last.doc.id) : null;
    return { docs: page.map((row) => row.doc), next };
  }

  async count(input: { collection: string; where?: Where | undefined }): Promise<number> {
    const collection = parseInput(CollectionName, input.collection, 'collection');
    const where = parseInput(OptionalWhere, input.where, 'where');
    return this.driver.count(await this.planned(collection, (indexes) => planCount(collection, where, indexes)));
  }

  async close(): Promise<void> {
    await this.driver.close();
    if (this.temporaryBlobDir) await rm(this.temporaryBlobDir, { recursive: true, force: true });
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

declare module '@pattern/core' {
  interface ServiceMap {
    store: StoreService;
  }
}
