import type { Logger } from '@pattern/core';

export interface GroupCommitOptions<T> {
  /** Writes one batch in one transaction; throws if the database refused it. */
  write(items: T[]): Promise<void> | void;
  /** An item the database refused even on its own: store what can be stored of it, or log it. Must not throw. */
  refused(item: T, error: unknown): Promise<void> | void;
  /** After each committed batch (pruning and the like); its faults are the store's to log. Must not throw. */
  committed?(count: number): Promise<void> | void;
  /** Where a fault of `refused` or `committed` goes: it must not stop the writer. */
  log: Logger;
  /** How long an item added with `hold` may wait for a later one under its key before it is written itself (see `add`). */
  holdMs?: number;
}

interface Entry<T> {
  item: T;
  waiters: Array<() => void>;
}

interface HeldEntry<T> extends Entry<T> {
  /** When it was added, by `performance.now()`. */
  since: number;
}

/**
 * Group commit: writers queue items and wait until theirs is committed, and every item queued
 * while one batch is being written goes into the next, so a busy server pays one commit per batch
 * instead of one per item, without a timer holding anyone back. The first item queued schedules
 * a write for the next turn of the event loop, which lets the requests already read in this turn
 * join it; at most one batch is in flight, so batches commit in order. An item queued again under
 * the same key before it is written (a run started, then settled) is written once, in its latest form;
 * an item added with `hold` waits a while for such a later one (see `add`).
 *
 * A batch the database refuses is retried once (a dropped connection passes), then written item by
 * item, so one item the database will not take never holds up the others or the ones after it.
 */
export class GroupCommit<T> {
  private pending = new Map<string, Entry<T>>();
  private writing = new Map<string, Entry<T>>();
  /** Items added with `hold`, oldest first. */
  private held = new Map<string, HeldEntry<T>>();
  private holdTimer: ReturnType<typeof setTimeout> | undefined;
  private inFlight: Promise<void> | undefined;
  private scheduled: ReturnType<typeof setImmediate> | undefined;
  private readonly options: GroupCommitOptions<T>;

  constructor(options: GroupCommitOptions<T>) {
    this.options = options;
  }

  /**
   * Queues `item` under `key`; resolves once it is committed, or once `refused` has dealt with it.
   * An item added with `hold` waits up to `holdMs` for a later item under its key, which replaces
   * it, so that only the later one is written: a run's start record, which a run that settles soon
   * makes needless. Held longer, it is written as any other; `flush` writes it at once.
   */
  add(key: string, item: T, hold = false): Promise<void> {
    return new Promise((resolve) => {
      const held = this.held.get(key);
      if (hold && (this.options.holdMs ?? 0) > 0 && !this.pending.has(key)) {
        if (held) {
          held.item = item;
          held.waiters.push(resolve);
        } else this.held.set(key, { item, waiters: [resolve], since: performance.now() });
        this.scheduleHeld();
        return;
      }
      const entry = this.pending.get(key);
      if (held) this.held.delete(key);
      if (entry) {
        entry.item = item;
        entry.waiters.push(resolve);
      } else this.pending.set(key, { item, waiters: held ? [...held.waiters, resolve] : [resolve] });
      this.schedule();
    });
  }

  /** The newest item under `key` that is not committed yet. */
  queued(key: string): T | undefined {
    return (this.pending.get(key) ?? this.held.get(key) ?? this.writing.get(key))?.item;
  }

  /** Writes what is queued now, held items too, without waiting for the next turn; resolves once all of it is committed. */
  flush(): Promise<void> {
    this.release(Number.POSITIVE_INFINITY);
    const waits = [...this.pending.values()].map((entry) => new Promise<void>((resolve) => entry.waiters.push(resolve)));
    if (this.inFlight) waits.push(this.inFlight);
    this.start();
    return Promise.all(waits).then(() => undefined);
  }

  /** Moves the held items added before `before` to the next batch. */
  private release(before: number): void {
    for (const [key, entry] of this.held) {
      if (entry.since > before) break;
      this.held.delete(key);
      this.pending.set(key, entry);
    }
    if (this.held.size === 0 && this.holdTimer) {
      clearTimeout(this.holdTimer);
      this.holdTimer = undefined;
    }
    if (this.pending.size > 0) this.schedule();
  }

  private scheduleHeld(): void {
    const oldest = this.held.values().next().value;
    if (this.holdTimer || !oldest) return;
    const holdMs = this.options.holdMs ?? 0;
    this.holdTimer = setTimeout(
      () => {
        this.holdTimer = undefined;
        this.release(performance.now() - holdMs);
        this.scheduleHeld();
      },
      Math.max(0, oldest.since + holdMs - performance.now()),
    );
  }

  private schedule(): void {
    if (!this.inFlight) this.scheduled ??= setImmediate(() => this.start());
  }

  private start(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    if (this.inFlight || this.pending.size === 0) return;
    this.inFlight = this.writeBatch().then(() => {
      this.inFlight = undefined;
      // What arrived meanwhile goes next, after the I/O already due has joined it.
      if (this.pending.size > 0) this.schedule();
    });
  }

  private async writeBatch(): Promise<void> {
    const batch = this.pending;
    this.pending = new Map();
    this.writing = batch;
    await this.guarded(() => this.commit([...batch.values()].map((entry) => entry.item)));
    this.writing = new Map();
    for (const entry of batch.values()) for (const resolve of entry.waiters) resolve();
    await this.guarded(() => this.options.committed?.(batch.size));
  }

  private async guarded(work: () => Promise<void> | void): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.options.log.error('writing a batch failed past its recovery', { error: String(error) });
    }
  }

  private async commit(items: T[]): Promise<void> {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await this.options.write(items);
        return;
      } catch (error) {
        if (attempt === 1 && items.length === 1) return this.options.refused(items[0] as T, error);
      }
    }
    for (const item of items) {
      try {
        await this.options.write([item]);
      } catch (error) {
        await this.options.refused(item, error);
      }
    }
  }
}
