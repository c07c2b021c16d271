import { rm } from 'node:fs/promises';
import { DEFAULT_MAX_STORED_DEPTH, parseInput } from '@pattern/core';
import { z } from 'zod';
import { BlobFiles } from './blobs/blob-files.ts';
import { BlobStore } from './blobs/blob-store.ts';
import { DocumentStore, type QueryPage } from './documents/document-store.ts';
import { pruneResultsHourly } from './documents/result-pruning.ts';
import type { StoreDriver } from './drivers/driver.ts';
import { LeaseStore } from './leases/lease-store.ts';
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

export type { QueryPage } from './documents/document-store.ts';

// Compiled once: these parse every call that comes through the edge.
const Put = z.compile(PutSchema);
const Patch = z.compile(PatchSchema);
const Delete = z.compile(DeleteSchema);
const Query = z.compile(QuerySchema);
const CollectionName = z.compile(CollectionNameSchema);
const DocId = z.compile(DocIdSchema);
const OptionalWhere = z.compile(WhereSchema.optional());
const WriteOptions = z.compile(z.object({ idempotencyKey: z.string().min(1).max(500).optional() }).optional());

/** The argument of each method is the caller's whole input: a problem inside it is named by its own field (`data`, `indexes.0`). */
const WHOLE = { whole: true } as const;

/** `idempotencyKey` makes a write happen once: a later write under the key answers the first one's result (kept a day) and writes nothing. */
export interface WriteOptions {
  idempotencyKey?: string | undefined;
}

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

/**
 * The store: documents with declared indexes, blobs and leases, over one driver. Every method is
 * async and validates what it is given, failing with `validation_failed` naming the field: routes,
 * other mods and a user's code come through here. Ops, whose inputs their schemas already parsed,
 * go to `documents` directly.
 */
export class StoreService {
  readonly driver: StoreDriver;
  readonly documents: DocumentStore;
  readonly blobs: BlobStore;
  readonly leases: LeaseStore;
  private readonly temporaryBlobDir: string | undefined;
  private readonly now: () => number;
  private stopPruning: (() => void) | undefined;

  constructor(options: StoreServiceOptions) {
    this.driver = options.driver;
    const now = options.now ?? Date.now;
    this.now = now;
    this.documents = new DocumentStore(options.driver, now, options.maxStoredDepth ?? DEFAULT_MAX_STORED_DEPTH);
    const bytes = options.driver.blobBytes ?? new BlobFiles(options.blobDir);
    this.blobs = new BlobStore(options.driver, bytes, options.maxBlobBytes ?? DEFAULT_MAX_BLOB_BYTES, now);
    this.leases = new LeaseStore(options.driver, now);
    this.temporaryBlobDir = options.removeBlobDirOnClose ? options.blobDir : undefined;
  }

  /** Loads the declared collections; called once before use. */
  async open(): Promise<this> {
    await this.documents.open();
    this.stopPruning = await pruneResultsHourly(this.driver, this.now);
    return this;
  }

  /** Declares a collection and its indexes. Idempotent; an index added later is filled for the documents already there. */
  ensureCollection(declaration: CollectionDeclaration): Promise<CollectionInfo> {
    const { name, indexes } = parseInput(CollectionDeclarationSchema, declaration, 'collection', WHOLE);
    return this.documents.ensureCollection(name, indexes);
  }

  listCollections(): Promise<CollectionInfo[]> {
    return this.driver.listCollections();
  }

  async get(collection: string, id: string): Promise<Doc | undefined> {
    return this.documents.get(parseInput(CollectionName, collection, 'collection'), parseInput(DocId, id, 'id'));
  }

  /** Upserts a document; with `version` it is a compare-and-swap (0: only if absent), and a lost race is `{ ok: false, current }`. */
  async put(input: PutInput, options?: WriteOptions): Promise<WriteResult> {
    return this.documents.put(parseInput(Put, input, 'put', WHOLE), keyOf(options));
  }

  /** Merges `patch` into the document's data (top-level keys) if its version is still `version`; a missing document is `{ ok: false, current: null }`. */
  async patch(input: PatchInput, options?: WriteOptions): Promise<WriteResult> {
    return this.documents.patch(parseInput(Patch, input, 'patch', WHOLE), keyOf(options));
  }

  /** Deletes a document; with `version`, only if it is still at that version (else `current` is what is stored). */
  async delete(input: DeleteInput, options?: WriteOptions): Promise<DeleteResult> {
    return this.documents.delete(parseInput(Delete, input, 'delete', WHOLE), keyOf(options));
  }

  async query(input: QueryInput): Promise<QueryPage> {
    return this.documents.query(parseInput(Query, input, 'query', WHOLE));
  }

  async count(input: { collection: string; where?: Where | undefined }): Promise<number> {
    return this.documents.count(parseInput(CollectionName, input.collection, 'collection'), parseInput(OptionalWhere, input.where, 'where'));
  }

  async close(): Promise<void> {
    this.stopPruning?.();
    await this.driver.close();
    if (this.temporaryBlobDir) await rm(this.temporaryBlobDir, { recursive: true, force: true });
  }
}

function keyOf(options: WriteOptions | undefined): string | undefined {
  return parseInput(WriteOptions, options, 'options', WHOLE)?.idempotencyKey;
}

declare module '@pattern/core' {
  interface ServiceMap {
    store: StoreService;
  }
}
