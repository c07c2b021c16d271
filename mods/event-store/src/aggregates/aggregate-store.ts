import { type ErrorBody, PatternError } from '@pattern/core';
import type { AppendResult } from '../drivers/driver.ts';
import { type EventLog, parseStream } from '../log/event-log.ts';
import type { Metadata, StoredEvent } from '../schemas.ts';
import { type AggregateDefinition, DomainError } from './define-aggregate.ts';

const PAGE = 1000;

export interface LoadResult {
  state: unknown;
  version: number;
  found: boolean;
}

export type ExecuteResult =
  | { ok: true; events: StoredEvent[]; state: unknown; version: number }
  | { ok: false; error: ErrorBody; state: unknown; version: number };

export interface ExecuteOptions {
  metadata?: Metadata;
  /** How many times a version conflict is retried with a fresh load. Default 3. */
  retries?: number;
  /**
   * Makes the command happen once: run again under the key, it decides nothing and answers the
   * events the first execution appended, with the state they led to.
   */
  idempotencyKey?: string | undefined;
}

/**
 * Aggregates over the event log: state is folded from the latest usable snapshot plus the events
 * after it; commands decide on that state and append with the loaded version as the expected one.
 * Commands on one aggregate are queued within this process, so concurrent callers here never
 * conflict; a conflict with another process is retried on a fresh load, with backoff.
 */
export class AggregateStore {
  private readonly log: EventLog;
  private readonly definitions = new Map<string, AggregateDefinition>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly retryDelayMs: number;

  constructor(log: EventLog, aggregates: AggregateDefinition[], retryDelayMs = 10) {
    this.log = log;
    this.retryDelayMs = retryDelayMs;
    for (const aggregate of aggregates) {
      if (this.definitions.has(aggregate.type)) throw new Error(`aggregate type "${aggregate.type}" is defined twice`);
      this.definitions.set(aggregate.type, aggregate);
    }
  }

  types(): AggregateDefinition[] {
    return [...this.definitions.values()];
  }

  definition(type: string): AggregateDefinition {
    const definition = this.definitions.get(type);
    if (!definition) {
      const known = [...this.definitions.keys()];
      throw new PatternError(
        'not_found',
        `There is no aggregate type "${type}"${known.length ? ` (defined: ${known.join(', ')})` : ' (no mod defines aggregates)'}`,
        {
          field: 'type',
          type,
        },
      );
    }
    return definition;
  }

  async load(type: string, id: string, options: { asOfVersion?: number } = {}): Promise<LoadResult> {
    const definition = this.definition(type);
    const stream = parseStream({ aggregateType: type, aggregateId: id });
    const asOf = options.asOfVersion;
    if (asOf !== undefined && (!Number.isInteger(asOf) || asOf < 0)) {
      throw new PatternError('validation_failed', 'asOfVersion: must be a whole number, 0 or more', { field: 'asOfVersion' });
    }
    const snapshot = await this.log.driver.getSnapshot(stream);
    const usable = snapshot && snapshot.aggregateVersion === definition.version && (asOf === undefined || snapshot.version <= asOf);
    let state = usable ? snapshot.state : structuredClone(definition.initialState);
    let version = usable ? snapshot.version : 0;
    const from = version;
    for (;;) {
      const events = await this.log.driver.readStream({
        ...stream,
        fromVersion: version + 1,
        ...(asOf !== undefined ? { toVersion: asOf } : {}),
        direction: 'forward',
        limit: PAGE,
      });
      for (const event of events) {
        state = definition.evolve(state, event);
        version = event.version;
      }
      if (events.length < PAGE) break;
    }
    if (asOf === undefined && version - from >= definition.snapshotEvery) await this.snapshot(definition, stream.aggregateId, version, state);
    return { state, version, found: version > 0 };
  }

  async execute(type: string, id: string, command: string, payload: unknown, options: ExecuteOptions = {}): Promise<ExecuteResult> {
    const definition = this.definition(type);
    const decide = definition.commands[command];
    if (!decide) {
      throw new PatternError(
        'not_found',
        `Aggregate ${type} has no command "${command}" (commands: ${Object.keys(definition.commands).join(', ') || 'none'})`,
        {
          field: 'command',
          command,
        },
      );
    }
    const stream = parseStream({ aggregateType: type, aggregateId: id });
    return this.queued(`${type}/${id}`, () => this.decideAndAppend(definition, stream.aggregateId, decide, payload, options));
  }

  /** Rebuilds the snapshot of one aggregate, or of every aggregate of the type; returns how many were built. */
  async rebuild(type: string, id?: string): Promise<number> {
    const definition = this.definition(type);
    if (id !== undefined) return (await this.rebuildOne(definition, id)) ? 1 : 0;
    await this.log.driver.deleteSnapshots(type);
    let count = 0;
    let cursor: string | undefined;
    do {
      const page = await this.log.driver.streams({ prefix: `${type}/`, ...(cursor ? { cursor } : {}), limit: 500 });
      for (const stream of page.streams) if (await this.rebuildOne(definition, stream.id)) count++;
      cursor = page.next ?? undefined;
    } while (cursor);
    return count;
  }

  /** At start-up: snapshots built by another version of an aggregate are rebuilt by this one. */
  async rebuildStale(): Promise<number> {
    let count = 0;
    for (const definition of this.definitions.values()) {
      for (const id of await this.log.driver.staleSnapshots(definition.type, definition.version)) {
        if (await this.rebuildOne(definition, id)) count++;
      }
    }
    return count;
  }

  /** Runs `task` after every task queued before it for the same key, whether those succeeded or not. */
  private queued<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous.then(task, task);
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(key, settled);
    void settled.then(() => {
      if (this.queues.get(key) === settled) this.queues.delete(key);
    });
    return next;
  }

  private async rebuildOne(definition: AggregateDefinition, id: string): Promise<boolean> {
    await this.log.driver.deleteSnapshots(definition.type, id);
    const { state, version } = await this.loadWithoutSnapshotting(definition, id);
    if (version === 0) return false;
    await this.snapshot(definition, id, version, state);
    return true;
  }

  private async loadWithoutSnapshotting(definition: AggregateDefinition, id: string): Promise<{ state: unknown; version: number }> {
    let state = structuredClone(definition.initialState);
    let version = 0;
    for (;;) {
      const events = await this.log.driver.readStream({
        aggregateType: definition.type,
        aggregateId: id,
        fromVersion: version + 1,
        direction: 'forward',
        limit: PAGE,
      });
      for (const event of events) {
        state = definition.evolve(state, event);
        version = event.version;
      }
      if (events.length < PAGE) return { state, version };
    }
  }

  private async snapshot(definition: AggregateDefinition, id: string, version: number, state: unknown): Promise<void> {
    await this.log.driver.saveSnapshot({
      aggregateType: definition.type,
      aggregateId: id,
      version,
      aggregateVersion: definition.version,
      state,
      created: new Date().toISOString(),
    });
  }

  /** An append made before, answered as the command's result: its events, and the state as of the version they reached. */
  private async answerKept(definition: AggregateDefinition, id: string, kept: AppendResult): Promise<ExecuteResult> {
    const { state } = await this.load(definition.type, kept.events[0]?.aggregateId ?? id, { asOfVersion: kept.version });
    return { ok: true, events: kept.events, state, version: kept.version };
  }

  private async decideAndAppend(
    definition: AggregateDefinition,
    id: string,
    decide: AggregateDefinition['commands'][string],
    payload: unknown,
    options: ExecuteOptions,
  ): Promise<ExecuteResult> {
    const retries = options.retries ?? 3;
    const key = options.idempotencyKey;
    const kept = key === undefined ? undefined : await this.log.driver.keptAppend(key);
    if (kept) return this.answerKept(definition, id, kept);
    for (let attempt = 0; ; attempt++) {
      const loaded = await this.load(definition.type, id);
      let decided: Awaited<ReturnType<typeof decide>>;
      try {
        decided = await decide(structuredClone(loaded.state), payload as never, { type: definition.type, id, version: loaded.version });
      } catch (error) {
        if (error instanceof DomainError) return { ok: false, error: error.toJSON(), state: loaded.state, version: loaded.version };
        throw error;
      }
      const events = decided === undefined ? [] : Array.isArray(decided) ? decided : [decided];
      if (events.length === 0) return { ok: true, events: [], state: loaded.state, version: loaded.version };
      const appended = await this.log.tryAppend({ aggregateType: definition.type, aggregateId: id }, events, {
        expectedVersion: loaded.version,
        ...(options.metadata ? { metadata: options.metadata } : {}),
        idempotencyKey: key,
      });
      // Another execution under the key appended first (or the events' own ids were appended before).
      if (appended.ok && appended.deduplicated) return this.answerKept(definition, id, appended);
      if (appended.ok) {
        let state = loaded.state;
        for (const event of appended.events) state = definition.evolve(state, event);
        const lastSnapshot = Math.floor(loaded.version / definition.snapshotEvery);
        if (Math.floor(appended.version / definition.snapshotEvery) > lastSnapshot) await this.snapshot(definition, id, appended.version, state);
        return { ok: true, events: appended.events, state, version: appended.version };
      }
      if (attempt >= retries) {
        const error: ErrorBody = { code: 'conflict', message: appended.message, details: appended.conflict };
        return { ok: false, error, state: loaded.state, version: loaded.version };
      }
      await sleep(this.retryDelayMs * 2 ** attempt * (1 + Math.random()));
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
