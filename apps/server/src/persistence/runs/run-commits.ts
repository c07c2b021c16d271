import type { Logger, RunRecord } from '@pattern/core';
import { GroupCommit } from './group-commit.ts';
import { withheldRecord } from './stored-record.ts';

/** After this many committed records, history is pruned back to the runs it keeps. */
const PRUNE_EVERY = 1000;

/** What a run store's database does; `runCommits` decides when. */
export interface RunWrites {
  /** Writes a batch of records in one transaction; throws if the database refused it. */
  write(records: RunRecord[]): Promise<void> | void;
  /** Stores `text`, the record of a run the database refused, without its values (see `withheldRecord`). */
  writeWithheld(run: RunRecord, text: string): Promise<void> | void;
  /** Removes every run but the newest `keep`. */
  prune(keep: number): Promise<void> | void;
}

/**
 * The group commit a run store saves through: batches go to `write`; a record the database
 * refuses is still stored, as ids, statuses and times, and reported; every so many records the
 * oldest runs are pruned. Whatever fails here is logged: `save` never rejects.
 */
export function runCommits(writes: RunWrites, options: { keep: number; log: Logger }): GroupCommit<RunRecord> {
  const { log } = options;
  let written = 0;
  return new GroupCommit<RunRecord>({
    log,
    write: (records) => writes.write(records),
    refused: async (run, error) => {
      log.error('run history refused a run record; storing it without its values', { runId: run.id, error: String(error) });
      const { graph: _graph, ...rest } = run;
      try {
        await writes.writeWithheld(run, JSON.stringify(withheldRecord(rest, 'the database refused this record')));
      } catch (again) {
        log.error('run history could not store a run at all', { runId: run.id, error: String(again) });
      }
    },
    committed: async (count) => {
      written += count;
      if (written < PRUNE_EVERY) return;
      written = 0;
      try {
        await writes.prune(options.keep);
      } catch (error) {
        log.error('pruning run history failed', { error: String(error) });
      }
    },
  });
}
