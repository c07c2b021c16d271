import { PatternError } from '@pattern/core';
import type { BlobBytes } from '../blobs/blob-bytes.ts';
import type { TypedKey } from '../documents/index-keys.ts';
import type { CountPlan, QueryPlan } from '../documents/query-plan.ts';
import type { AcquireResult, BlobMeta, CollectionInfo, DeleteResult, Doc, DocData, Fence, Lease, WriteResult } from '../schemas.ts';

/**
 * What a storage back end provides. Async everywhere, even where SQLite is synchronous, so that a
 * PostgreSQL driver fits the same contract. Each method that writes is one transaction: the check
 * (version, fencing token, lease holder) and the write happen together or not at all.
 */
export interface StoreDriver {
  readonly kind: string;
  /** Several servers may use this storage at once: a server must not judge other servers' runs from its own history. */
  readonly shared: boolean;

  /**
   * Where blob bytes live when the driver keeps them itself (PostgreSQL: several servers share no
   * folder); without it the store keeps them in files under its blob folder.
   */
  readonly blobBytes?: BlobBytes;

  listCollections(): Promise<CollectionInfo[]>;
  /** The collection's indexes as stored, or undefined when it was never declared. */
  collectionIndexes(name: string): Promise<string[] | undefined>;
  /**
   * Declares the collection (if new) and adds the `wanted` indexes it lacks, writing their entries
   * for every existing document; returns the indexes it has now. Merging happens in storage, so two
   * servers declaring at once never drop each other's indexes.
   */
  saveCollection(name: string, wanted: readonly string[]): Promise<string[]>;

  getDoc(collection: string, id: string): Promise<Doc | undefined>;
  writeDoc(write: DocWrite): Promise<WriteResult>;
  deleteDoc(remove: DocDelete): Promise<DeleteResult>;
  query(plan: QueryPlan): Promise<QueryRow[]>;
  count(plan: CountPlan): Promise<number>;

  insertBlob(meta: BlobMeta): Promise<void>;
  getBlob(id: string): Promise<BlobMeta | undefined>;
  deleteBlob(id: string): Promise<boolean>;
  /** Newest first; `before` is the id the previous page ended with. */
  listBlobs(limit: number, before: string | undefined): Promise<BlobMeta[]>;

  acquireLease(request: LeaseRequest): Promise<AcquireResult>;
  renewLease(request: Omit<LeaseRequest, 'runId'>): Promise<Lease | undefined>;
  /** Releases the key when `owner` holds it, or whoever holds it when `owner` is null. */
  releaseLease(key: string, owner: string | null, now: number): Promise<boolean>;
  releaseOwner(owner: string, now: number): Promise<number>;
  /** Releases the leases the run took as their owner (owner and run id both the run's); a lease under an owner of its own stays. */
  releaseRun(runId: string, now: number): Promise<number>;
  /** The runs that own a live lease (as its owner): what a start-up checks against the run history. */
  leaseRuns(now: number): Promise<string[]>;
  getLease(key: string, now: number): Promise<Lease | undefined>;
  listLeases(now: number): Promise<Lease[]>;

  /** Forgets the results kept under idempotency keys (see `DocWrite.idempotencyKey`) written before `before`; returns how many. */
  pruneResults(before: number): Promise<number>;

  close(): Promise<void>;
}

export interface DocWrite {
  collection: string;
  id: string;
  /** `put` replaces the data; `patch` merges it shallowly into the stored data. */
  mode: 'put' | 'patch';
  data: DocData;
  /** The version the stored document must have (0: must not exist); undefined writes whatever is there. */
  expect: number | undefined;
  fence: Fence | undefined;
  /** The collection's indexes as the service knows them; a driver shared by several servers reads its own. */
  indexes: readonly string[];
  now: number;
  /**
   * Makes the write happen once: the first write under the key keeps its result in the same
   * transaction, and a later one with the key answers that result and writes nothing.
   */
  idempotencyKey?: string | undefined;
}

export interface DocDelete {
  collection: string;
  id: string;
  expect: number | undefined;
  fence: Fence | undefined;
  now: number;
  /** As for `DocWrite`: the delete happens once per key. */
  idempotencyKey?: string | undefined;
}

export interface QueryRow {
  doc: Doc;
  /** The sort entry of the plan's field, for the next cursor; null in id order. */
  key: TypedKey | null;
}

export interface LeaseRequest {
  key: string;
  owner: string;
  ttlMs: number;
  now: number;
  /** The run that takes the lease as its owner (`owner` is the run's id): it is released when that run settles. */
  runId: string | undefined;
}

/** The check every driver makes, inside the write's transaction, before a fenced write. */
export function checkFence(fence: Fence | undefined, lastToken: number | undefined): void {
  if (!fence) return;
  if (lastToken === undefined || fence.token > lastToken) {
    throw new PatternError('conflict', `Fencing token ${fence.token} was never issued for lease "${fence.key}"`, {
      fence,
      issued: lastToken ?? null,
    });
  }
  if (fence.token < lastToken) {
    throw new PatternError('conflict', `Stale fencing token: lease "${fence.key}" has since been taken with token ${lastToken}`, {
      fence,
      issued: lastToken,
    });
  }
}
