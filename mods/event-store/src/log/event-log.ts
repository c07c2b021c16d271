import { assertStoredDepth, DEFAULT_MAX_STORED_DEPTH, isPatternError, PatternError, parseInput, ulidFactory } from '@pattern/core';
import { z } from 'zod';
import type { AppendResult, Direction, EventDriver, PreparedEvent, StreamRef, StreamsPage } from '../drivers/driver.ts';
import {
  AggregateIdSchema,
  AggregateTypeSchema,
  DEFAULT_PAGE,
  EventTypeSchema,
  type ExpectedVersion,
  ExpectedVersionSchema,
  MAX_PAGE,
  type Metadata,
  MetadataSchema,
  type NewEvent,
  NewEventSchema,
  type StoredEvent,
  type Tag,
  TagSchema,
} from '../schemas.ts';
import { extractTags } from './tags.ts';

export const MAX_BATCH = 1000;
export const MAX_PAYLOAD_BYTES = 1024 * 1024;

const BatchSchema = z.array(NewEventSchema).min(1, 'give at least one event').max(MAX_BATCH, `at most ${MAX_BATCH} events per append`);
const TypesSchema = z.array(EventTypeSchema).max(100);
const LimitSchema = z.number().int().min(1).max(MAX_PAGE);
const PositionSchema = z.number().int().min(0);
// PostgreSQL text holds no NUL.
const IdempotencyKeySchema = z
  .string()
  .min(1)
  .max(500)
  .regex(/^[^\0]*$/, 'an idempotency key holds no NUL character');

export interface AppendOptions {
  expectedVersion?: ExpectedVersion;
  /** Defaults for every event's metadata (from the run, usually); an event's own metadata wins. */
  metadata?: Metadata;
  /**
   * Makes the append happen once: a later append under the key writes nothing and answers the
   * events the first one wrote (`deduplicated`). A durable run's node passes its own.
   */
  idempotencyKey?: string | undefined;
}

/** What `expectedVersion` asked for, and what the stream was at instead. */
export interface AppendConflict {
  expected: ExpectedVersion;
  actual: number;
  /** `Order/o-1` */
  stream: string;
}

export type AppendOutcome = ({ ok: true } & AppendResult) | { ok: false; conflict: AppendConflict; message: string };

export interface StreamReadOptions {
  fromVersion?: number;
  toVersion?: number;
  direction?: Direction;
  limit?: number;
}

export interface ReadAllOptions {
  after?: number;
  direction?: Direction;
  types?: string[];
  aggregateType?: string;
  correlationId?: string;
  limit?: number;
}

export interface TagQueryOptions {
  tag: Tag;
  types?: string[];
  after?: number;
  direction?: Direction;
  limit?: number;
}

export interface EventPage {
  events: StoredEvent[];
  /** Pass as `after` for the next page; null when this page is the last. */
  next: number | null;
}

/**
 * Streams of events over a driver: validates, stamps ids and metadata, indexes correlated ids,
 * and tells subscribers (projections, event-triggered workflows) when something was appended.
 */
export class EventLog {
  readonly driver: EventDriver;
  private readonly nextId = ulidFactory();
  private readonly listeners = new Set<(head: number) => void>();
  private unwatch: (() => void) | undefined;

  /** How deeply payloads and metadata may nest (`limits.maxStoredDepth`). */
  private readonly maxStoredDepth: number;

  constructor(driver: EventDriver, maxStoredDepth = DEFAULT_MAX_STORED_DEPTH) {
    this.driver = driver;
    this.maxStoredDepth = maxStoredDepth;
  }

  async append(stream: StreamRef, events: NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    const ref = parseStream(stream);
    const expected = parseInput(ExpectedVersionSchema, options.expectedVersion ?? 'any', 'expectedVersion');
    const batch = parseInput(BatchSchema, events, 'events');
    const defaults = options.metadata ? parseInput(MetadataSchema, options.metadata, 'metadata') : {};
    const idempotencyKey =
      options.idempotencyKey === undefined ? undefined : parseInput(IdempotencyKeySchema, options.idempotencyKey, 'idempotencyKey');
    const created = new Date().toISOString();
    const seen = new Set<string>();
    const prepared = batch.map((event, i): PreparedEvent => {
      const id = event.id ?? this.nextId();
      if (seen.has(id))
        throw new PatternError('validation_failed', `events.${i}.id: "${id}" appears twice in this batch`, { field: `events.${i}.id` });
      seen.add(id);
      assertStoredDepth(event.payload, `events.${i}.payload`, this.maxStoredDepth, 'the event store');
      assertStoredDepth(event.metadata, `events.${i}.metadata`, this.maxStoredDepth, 'the event store');
      const payloadJson = JSON.stringify(event.payload);
      if (payloadJson.length > MAX_PAYLOAD_BYTES) {
        throw new PatternError('too_large', `events.${i}.payload is larger than ${MAX_PAYLOAD_BYTES} bytes`, { field: `events.${i}.payload` });
      }
      return {
        id,
        suppliedId: event.id !== undefined,
        type: event.type,
        payload: event.payload,
        payloadJson,
        metadata: withDepth({ ...defaults, ...event.metadata }, defaults.causationDepth),
        schemaVersion: event.schemaVersion,
        created,
        tags: extractTags(event.payload),
      };
    });
    const result = await this.driver.append(ref, prepared, expected, idempotencyKey);
    if (!result.deduplicated) {
      const head = result.events[result.events.length - 1]?.position ?? 0;
      for (const listener of this.listeners) listener(head);
    }
    return result;
  }

  /**
   * Like `append`, with a stream that is not at `expectedVersion` answered as a value: a lost race
   * is an outcome a caller branches on (retry, report), not a failure.
   */
  async tryAppend(stream: StreamRef, events: NewEvent[], options: AppendOptions = {}): Promise<AppendOutcome> {
    try {
      return { ok: true, ...(await this.append(stream, events, options)) };
    } catch (error) {
      if (!isPatternError(error) || error.code !== 'conflict') throw error;
      return { ok: false, conflict: error.details as AppendConflict, message: error.message };
    }
  }

  async read(stream: StreamRef, options: StreamReadOptions = {}): Promise<StoredEvent[]> {
    const ref = parseStream(stream);
    return this.driver.readStream({
      ...ref,
      ...(options.fromVersion !== undefined ? { fromVersion: parseInput(PositionSchema, options.fromVersion, 'from') } : {}),
      ...(options.toVersion !== undefined ? { toVersion: parseInput(PositionSchema, options.toVersion, 'to') } : {}),
      direction: options.direction ?? 'forward',
      limit: parseInput(LimitSchema, options.limit ?? MAX_PAGE, 'limit'),
    });
  }

  async readAll(options: ReadAllOptions = {}): Promise<EventPage> {
    const limit = parseInput(LimitSchema, options.limit ?? DEFAULT_PAGE, 'limit');
    const events = await this.driver.readAll({
      after: parseInput(PositionSchema, options.after ?? 0, 'after'),
      direction: options.direction ?? 'forward',
      ...(options.types?.length ? { types: parseInput(TypesSchema, options.types, 'types') } : {}),
      ...(options.aggregateType !== undefined ? { aggregateType: parseInput(AggregateTypeSchema, options.aggregateType, 'aggregateType') } : {}),
      ...(options.correlationId !== undefined ? { correlationId: options.correlationId } : {}),
      limit,
    });
    return { events, next: nextOf(events, limit) };
  }

  /** Events that mention every `tag` (`{ product_id: "p-1" }`), answered from the tag index. */
  async query(options: TagQueryOptions): Promise<EventPage> {
    const limit = parseInput(LimitSchema, options.limit ?? DEFAULT_PAGE, 'limit');
    const tag = parseTag(options.tag);
    const events = await this.driver.queryTags({
      tag,
      after: parseInput(PositionSchema, options.after ?? 0, 'after'),
      direction: options.direction ?? 'forward',
      ...(options.types?.length ? { types: parseInput(TypesSchema, options.types, 'types') } : {}),
      limit,
    });
    return { events, next: nextOf(events, limit) };
  }

  /** The most recent event of a type, among those that mention `tag` when given. */
  async latest(options: { type: string; tag?: Tag }): Promise<StoredEvent | undefined> {
    const types = [parseInput(EventTypeSchema, options.type, 'type')];
    const hasTag = options.tag !== undefined && Object.keys(options.tag).length > 0;
    const [event] = hasTag
      ? await this.driver.queryTags({ tag: parseTag(options.tag as Tag), after: 0, direction: 'backward', types, limit: 1 })
      : await this.driver.readAll({ after: 0, direction: 'backward', types, limit: 1 });
    return event;
  }

  async getEvent(id: string): Promise<StoredEvent> {
    const event = await this.driver.getEvent(id);
    if (!event) throw new PatternError('not_found', `There is no event "${id}"`, { id });
    return event;
  }

  async streamVersion(stream: StreamRef): Promise<number> {
    return this.driver.streamVersion(parseStream(stream));
  }

  async streams(options: { prefix?: string; cursor?: string; limit?: number } = {}): Promise<StreamsPage> {
    return this.driver.streams({
      ...(options.prefix ? { prefix: options.prefix } : {}),
      ...(options.cursor ? { cursor: options.cursor } : {}),
      limit: parseInput(LimitSchema, options.limit ?? DEFAULT_PAGE, 'limit'),
    });
  }

  head(): Promise<number> {
    return this.driver.head();
  }

  /** Called with the new head after every append that wrote something, here or (where the driver tells) in another process. */
  onAppend(listener: (head: number) => void): () => void {
    this.listeners.add(listener);
    this.unwatch ??= this.driver.watch?.((head) => {
      for (const each of this.listeners) each(head);
    });
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size > 0) return;
      this.unwatch?.();
      this.unwatch = undefined;
    };
  }
}

/** An event may deepen the chain it belongs to, never make it shallower: the depth is what stops a chain that feeds itself. */
function withDepth(metadata: Metadata, runDepth: number | undefined): Metadata {
  if (runDepth === undefined) return metadata;
  return { ...metadata, causationDepth: Math.max(runDepth, metadata.causationDepth ?? 0) };
}

export function parseStream(stream: StreamRef): StreamRef {
  return {
    aggregateType: parseInput(AggregateTypeSchema, stream.aggregateType, 'aggregateType'),
    aggregateId: parseInput(AggregateIdSchema, stream.aggregateId, 'aggregateId'),
  };
}

function parseTag(tag: Tag): Array<[string, string]> {
  const parsed = parseInput(TagSchema, tag, 'tag');
  const entries = Object.entries(parsed).map(([name, value]): [string, string] => [name, String(value)]);
  if (entries.length === 0)
    throw new PatternError('validation_failed', 'tag: name at least one field, like { "product_id": "p-1" }', { field: 'tag' });
  return entries;
}

function nextOf(events: StoredEvent[], limit: number): number | null {
  return events.length === limit ? (events[events.length - 1]?.position ?? null) : null;
}
