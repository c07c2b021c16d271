import type { ErrorBody } from '@pattern/core';
import type { ExpectedVersion, Metadata, StoredEvent, StreamInfo } from '../schemas.ts';

export interface StreamRef {
  aggregateType: string;
  aggregateId: string;
}

/** An event validated and stamped by the service, ready for a driver to store. */
export interface PreparedEvent {
  id: string;
  /** Whether the caller chose the id: only those can have been seen before. */
  suppliedId: boolean;
  type: string;
  payload: Record<string, unknown>;
  /** The payload serialized once, for drivers that store text. */
  payloadJson: string;
  metadata: Metadata;
  schemaVersion: number;
  created: string;
  /** `[name, value]` of every payload field ending in `Id` or `_id`. */
  tags: Array<[string, string]>;
}

/** Which events an append made under an idempotency key wrote: versions `from` to `to` of its stream. */
export interface KeptAppend extends StreamRef {
  from: number;
  to: number;
}

export interface AppendResult {
  events: StoredEvent[];
  /** The stream's version after the append. */
  version: number;
  /** True when every event had been appended before: nothing was written. */
  deduplicated: boolean;
}

export type Direction = 'forward' | 'backward';

export interface StreamReadQuery extends StreamRef {
  fromVersion?: number;
  toVersion?: number;
  direction: Direction;
  limit: number;
}

export interface AllReadQuery {
  /** Positions strictly after this one (forward) or strictly before it (backward; 0 means from the end). */
  after: number;
  direction: Direction;
  types?: string[];
  aggregateType?: string;
  correlationId?: string;
  limit: number;
}

export interface TagQuery {
  tag: Array<[string, string]>;
  after: number;
  direction: Direction;
  types?: string[];
  limit: number;
}

export interface StreamsQuery {
  /** Matches the start of `type/id`: `Order` or `Order/o-1`. */
  prefix?: string;
  /** The `next` of the previous page. */
  cursor?: string;
  limit: number;
}

export interface StreamsPage {
  streams: StreamInfo[];
  next: string | null;
}

export interface Snapshot extends StreamRef {
  version: number;
  /** The aggregate definition's `version` the state was built with. */
  aggregateVersion: number;
  state: unknown;
  created: string;
}

export interface Checkpoint {
  name: string;
  position: number;
  /** The consumer's own version (a projection's), to notice when it must rebuild. */
  version: number;
  updated: string;
  /** Set while the consumer is paused; saving the position leaves it as it is. */
  pause?: ConsumerPause;
}

/**
 * Why a consumer does not follow the log: `paused` by a person (through the API or the web app),
 * or `parked` by Pattern itself because going on would do harm (a chain of events too deep).
 */
export interface ConsumerPause {
  kind: 'paused' | 'parked';
  reason: string;
  since: string;
}

export interface ParkedEvent {
  id: string;
  consumer: string;
  eventId: string;
  position: number;
  attempts: number;
  error: ErrorBody;
  parkedAt: string;
}

/**
 * The right to follow the log as one named consumer (a projection, an event-triggered workflow),
 * held by one process at a time: when several servers share a store, each event is handled by
 * whichever server holds the consumer's claim, and another takes over when that one goes away.
 */
export interface ConsumerClaim {
  /** True once this process holds the claim (at once when it already does); false while another holds it. */
  acquire(): Promise<boolean>;
  /** False before `acquire` succeeds, and again once the claim is released or lost (its connection dropped). */
  readonly held: boolean;
  /** Saves the consumer's checkpoint as the holder: fails, writing nothing, once the claim is lost. */
  saveCheckpoint(checkpoint: Checkpoint): Promise<void>;
  release(): Promise<void>;
}

/**
 * Where events live. Async even where the engine underneath is synchronous, so that the
 * PostgreSQL driver fits the same contract; one contract suite runs against every driver.
 */
export interface EventDriver {
  readonly name: string;
  /**
   * Atomic for the batch: every event or none. Enforces `expected`, deduplicates supplied ids.
   * With an idempotency key the append happens once: the first that writes keeps, in the same
   * transaction, which events it wrote under the key; a later append under the key writes nothing
   * and answers those events (`deduplicated`), whatever it was given and whatever `expected` says.
   */
  append(stream: StreamRef, events: PreparedEvent[], expected: ExpectedVersion, idempotencyKey?: string): Promise<AppendResult>;
  /** What the append made under `key` wrote, if one did (and its record was not pruned). */
  keptAppend(key: string): Promise<AppendResult | undefined>;
  /** Forgets the appends kept under idempotency keys made before `before` (epoch milliseconds); returns how many. */
  pruneResults(before: number): Promise<number>;
  streamVersion(stream: StreamRef): Promise<number>;
  readStream(query: StreamReadQuery): Promise<StoredEvent[]>;
  readAll(query: AllReadQuery): Promise<StoredEvent[]>;
  queryTags(query: TagQuery): Promise<StoredEvent[]>;
  getEvent(id: string): Promise<StoredEvent | undefined>;
  /** The last position written (0 when empty). */
  head(): Promise<number>;
  streams(query: StreamsQuery): Promise<StreamsPage>;
  getSnapshot(stream: StreamRef): Promise<Snapshot | undefined>;
  /** Keeps the newer of the stored and the given snapshot (a snapshot of another aggregate version always replaces). */
  saveSnapshot(snapshot: Snapshot): Promise<void>;
  /** Ids of the streams of a type whose snapshot was built by another aggregate version. */
  staleSnapshots(aggregateType: string, aggregateVersion: number): Promise<string[]>;
  deleteSnapshots(aggregateType: string, aggregateId?: string): Promise<number>;
  getCheckpoint(name: string): Promise<Checkpoint | undefined>;
  /** Saves the position and version; the pause of an existing checkpoint stays. */
  setCheckpoint(checkpoint: Checkpoint): Promise<void>;
  /** Pauses (or, with null, resumes) the consumer of an existing checkpoint; false when there is none. */
  setPause(name: string, pause: ConsumerPause | null): Promise<boolean>;
  /** Removes the checkpoint, its pause with it. */
  deleteCheckpoint(name: string): Promise<boolean>;
  /**
   * Calls `listener` with the new head when another process appends to this store, where the
   * driver can tell (PostgreSQL); followers poll as well, so this only makes them prompt.
   */
  watch?(listener: (head: number) => void): () => void;
  /** The claim of the consumer named `name` (its checkpoint's name), not yet acquired. */
  claim(name: string): ConsumerClaim;
  park(parked: ParkedEvent): Promise<void>;
  listParked(consumer?: string): Promise<ParkedEvent[]>;
  getParked(id: string): Promise<ParkedEvent | undefined>;
  removeParked(id: string): Promise<boolean>;
  close(): Promise<void>;
}
