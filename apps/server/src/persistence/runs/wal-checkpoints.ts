import type Database from 'better-sqlite3';

/**
 * How many commits the event loop's connection makes between two checkpoints the worker runs. A
 * commit of run history adds some ten pages to the WAL, so this many keep it to some tens of MiB.
 * The commit after a checkpoint waits for it, and the pages every commit rewrites (the newest of
 * each table and index) are copied once per checkpoint: under load, checkpointing every 1,024
 * commits instead of every 256 measured a p99 latency a fifth lower at the same CPU per request.
 */
export const CHECKPOINT_EVERY_COMMITS = 1024;

/** And at least this often, for the commits other stores make on the same connection. */
const CHECKPOINT_EVERY_MS = 1000;

/**
 * WAL checkpoints kept off the event loop. SQLite checkpoints inside whichever commit fills the
 * WAL past `wal_autocheckpoint`, and under `synchronous = NORMAL` a checkpoint syncs the WAL and
 * the database file to disk: on the event loop, a stall as long as the disk takes. While the
 * history worker runs them (on its own connection), the event loop's connection runs none.
 *
 * A checkpoint only lets the WAL start over from its beginning if nothing is written while it
 * runs: with commits going on beside it, the WAL would grow without end. So every so many commits
 * the next batch is handed to the worker with a checkpoint to run first (`due`), and history
 * writes nothing here until it is done; the checkpoint asked for every second (`ask`) covers the
 * other stores' commits while history is idle.
 */
export class WalCheckpoints {
  private readonly db: Database.Database;
  private readonly ask: () => void;
  private readonly automatic: number;
  private commits = 0;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(db: Database.Database, ask: () => void) {
    this.db = db;
    this.ask = ask;
    this.automatic = Number(db.pragma('wal_autocheckpoint', { simple: true }));
  }

  /** The worker runs them from now on. */
  handOff(): void {
    if (this.timer) return;
    this.db.pragma('wal_autocheckpoint = 0');
    this.timer = setInterval(() => this.ask(), CHECKPOINT_EVERY_MS);
    this.timer.unref();
  }

  /** After each commit made on the event loop's connection. */
  committed(): void {
    if (this.timer) this.commits++;
  }

  /** Whether the next batch goes to the worker, to be written after a checkpoint; asking resets the count. */
  due(): boolean {
    if (!this.timer || this.commits < CHECKPOINT_EVERY_COMMITS) return false;
    this.commits = 0;
    return true;
  }

  /** The worker stopped or failed: SQLite runs them inside commits again. */
  takeBack(): void {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = undefined;
    if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${this.automatic}`);
  }
}
