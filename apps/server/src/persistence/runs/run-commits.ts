import { type Logger, type RunRecord, START_RECORD_HOLD_MS } from '@pattern/core';
import { GroupCommit } from './group-commit.ts';
import { withheldRecord } from './stored-record.ts';

/** What a run store's database does; `runCommits` decides when. */
export interface RunWrites {
  /** Writes a batch of records in one transaction; throws if the database refused it. */
  write(records: RunRecord[]): Promise<void> | void;
  /** Stores `run`, the record of a run the database refused, as made to hold no values (see `withheldRecord`). */
  writeWithheld(run: RunRecord): Promise<void> | void;
  /** After each committed batch of `added` records: removes that many of the oldest runs beyond the newest `keep`, and a few more. */
  prune?(keep: number, added: number): Promise<void> | void;
}

/**
 * The group commit a run store saves through: a provisional record (a run's start) is held for a
 * while, so that a run that settles soon is written once; batches go to `write`; a record the database
 * refuses is still stored, as ids, statuses and times, and reported; after each batch the
 * oldest runs are pruned, a batch's worth at a time. Whatever fails here is logged: `save` never rejects.
 */
export function runCommits(writes: RunWrites, options: { keep: number; log: Logger }): GroupCommit<RunRecord> {
  const { log } = options;
  return new GroupCommit<RunRecord>({
    log,
    holdMs: START_RECORD_HOLD_MS,
    write: (records) => writes.write(records),
    refused: async (run, error) => {
      log.error('run history refused a run record; storing it without its values', { runId: run.id, error: String(error) });
      const { graph: _graph, ...rest } = run;
      try {
        await writes.writeWithheld(withheldRecord(rest, 'the database refused this record'));
      } catch (again) {
        log.error('run history could not store a run at all', { runId: run.id, error: String(again) });
      }
    },
    committed: async (count) => {
      try {
        await writes.prune?.(options.keep, count);
      } catch (error) {
        log.error('pruning run history failed', { error: String(error) });
      }
    },
  });
}
