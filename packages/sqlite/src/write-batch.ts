import type Database from 'better-sqlite3';

interface Queued {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** The most writes one transaction takes: a burst commits in steps, each short enough not to hold up the event loop. */
export const MAX_BATCH = 128;

/**
 * Group commit for a driver's writes: writes asked for in the same turn of the event loop run in
 * one immediate transaction, each in a savepoint of its own, so a busy server pays one commit per
 * batch instead of one per write, and a write that throws rolls back only itself. Each caller hears
 * of its write once the transaction holding it is committed; writes run in the order they were
 * asked for, so a write asked for after another sees it.
 */
export class SqliteWriteBatch {
  private queue: Queued[] = [];
  private scheduled = false;
  private readonly commit: (items: Queued[]) => Outcome[];

  constructor(db: Database.Database) {
    // Each write is itself a better-sqlite3 transaction: run inside this one, it becomes a savepoint.
    const transaction = db.transaction((items: Queued[]) =>
      items.map((item): Outcome => {
        try {
          return { ok: true, value: item.work() };
        } catch (error) {
          // An error SQLite ends the whole transaction for (a full disk, say) fails every write of the batch.
          if (!db.inTransaction) throw error;
          return { ok: false, error };
        }
      }),
    );
    this.commit = (items) => transaction.immediate(items);
  }

  /** Runs `work` (a better-sqlite3 transaction function) in the next batch; resolves with what it returned once that batch is committed. */
  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => this.flush());
    });
  }

  /** Commits every write still queued, now: before the connection closes, so no write asked for is lost. */
  drain(): void {
    while (this.queue.length > 0) this.commitNext();
  }

  private flush(): void {
    this.commitNext();
    if (this.queue.length > 0) setImmediate(() => this.flush());
    else this.scheduled = false;
  }

  private commitNext(): void {
    const items = this.queue.splice(0, MAX_BATCH);
    if (items.length === 0) return;
    let outcomes: Outcome[];
    try {
      outcomes = this.commit(items);
    } catch (error) {
      // The transaction could not begin or commit: none of its writes happened.
      for (const item of items) item.reject(error);
      return;
    }
    items.forEach((item, i) => {
      const outcome = outcomes[i] as Outcome;
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.error);
    });
  }
}
