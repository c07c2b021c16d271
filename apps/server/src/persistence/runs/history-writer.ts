import type Database from 'better-sqlite3';

/** A run as its row is written: every value already serialized, so it crosses to a worker as plain strings. */
export interface RunRow {
  id: string;
  workflowId: string | null;
  status: string;
  graph: string | null;
  summary: string;
  /** Null while the run has no traces (it is still running). */
  traces: string | null;
}

/** A graph the batch's runs executed: its text when it may not be stored yet. */
export interface GraphRow {
  hash: string;
  text: string | undefined;
}

export type WriterRequest = { kind: 'batch'; rows: RunRow[]; graphs: GraphRow[] } | { kind: 'withheld'; row: RunRow };

export interface WriterReply {
  /** The database refused the write; nothing of it was committed. */
  error?: string;
  /** Graphs no run uses any more were removed: whatever remembers which graphs are stored must forget. */
  graphsPruned?: boolean;
}

/** How many running runs a writer remembers the rows of (see `runningSeqs`); past that, the one remembered longest is forgotten. */
const MAX_RUNNING_SEQS = 10_000;

/** Beyond the rows a batch adds, how many more old rows one batch prunes: a backlog (a lowered `keep`) drains in small steps. */
const PRUNE_STEP = 64;

/**
 * How many runs past `keep` may wait to be pruned: a sixteenth of `keep`, at most `PRUNE_STEP`.
 * Pruning a few rows with every commit rewrites the oldest pages of the table and of each index
 * in every commit; pruning them in steps rewrites them once per step.
 */
const pruneSlack = (keep: number) => Math.min(PRUNE_STEP, Math.floor(keep / 16));

/**
 * What writes run history to SQLite, on whichever thread holds `db`: each batch in one
 * transaction, which also prunes the oldest runs past `keep` by rowid once there are more than
 * a few (see `pruneSlack`), and the graphs no run uses any more. Never throws: a refusal comes back as `error`.
 */
export function createHistoryWriter(db: Database.Database, keep: number): (request: WriterRequest) => WriterReply {
  // An insert that does nothing on conflict, and an update only for a run written before, cost a
  // third less per row than one upsert returning the seq (SQLite gathers RETURNING rows in a
  // temporary b-tree, opened and dropped for every statement).
  const insert = db.prepare<[string, string | null, string, string | null, string, string | null]>(
    `INSERT INTO runs (id, workflow_id, status, graph, record, traces) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
  );
  const seqOf = db.prepare<[string], number>('SELECT seq FROM runs WHERE id = ?').pluck();
  const insertGraph = db.prepare<[string, string, number]>(
    `INSERT INTO run_graphs (hash, graph, last_seq) VALUES (?, ?, ?)
     ON CONFLICT (hash) DO UPDATE SET last_seq = max(last_seq, excluded.last_seq)`,
  );
  const touchGraph = db.prepare<[number, string]>('UPDATE run_graphs SET last_seq = max(last_seq, ?) WHERE hash = ?');
  const prune = db.prepare<{ keep: number; step: number; slack: number }>(
    // One aggregate per subquery: SQLite reads min and max of the rowid from the ends of the table only then.
    `DELETE FROM runs WHERE (SELECT max(seq) FROM runs) - (SELECT min(seq) FROM runs) >= @keep + @slack
       AND seq < min((SELECT max(seq) FROM runs) - @keep + 1, (SELECT min(seq) FROM runs) + @step)`,
  );
  const slack = pruneSlack(keep);
  const pruneGraphs = db.prepare('DELETE FROM run_graphs WHERE last_seq < (SELECT min(seq) FROM runs)');
  // The rows of running runs this writer has written, by run id: a durable run writes its row again
  // at every wave, and that write is then one update, not a failed insert, an update and a read.
  const runningSeqs = new Map<string, number>();
  // A row whose seq is known is found by it, not through the index of ids; the id guards against
  // a seq pruned and given to another run since. Written again as running, it leaves the status
  // alone, and so the index of running runs.
  const updateSeq = db.prepare<[string, string | null, string, string | null, number, string]>(
    'UPDATE runs SET status = ?, graph = ?, record = ?, traces = ? WHERE seq = ? AND id = ?',
  );
  const updateRunningSeq = db.prepare<[string | null, string, string | null, number, string]>(
    'UPDATE runs SET graph = ?, record = ?, traces = ? WHERE seq = ? AND id = ?',
  );
  const updatedAt = (seq: number, row: RunRow) =>
    (row.status === 'running'
      ? updateRunningSeq.run(row.graph, row.summary, row.traces, seq, row.id)
      : updateSeq.run(row.status, row.graph, row.summary, row.traces, seq, row.id)
    ).changes > 0;
  /** Remembers the row of a run still running, and forgets that of one settled. */
  const remember = (row: RunRow, seq: number) => {
    if (row.status !== 'running') {
      runningSeqs.delete(row.id);
      return;
    }
    // The oldest is most likely a run the other writer has settled since, which this one never hears of.
    if (!runningSeqs.has(row.id) && runningSeqs.size >= MAX_RUNNING_SEQS) runningSeqs.delete(runningSeqs.keys().next().value as string);
    runningSeqs.set(row.id, seq);
  };
  /** The row's seq, and whether the row is new (a row written again keeps its seq, so its graph and the table's size are as they were). */
  const write = (row: RunRow): { seq: number; added: boolean } => {
    const known = runningSeqs.get(row.id);
    // Unknown, or pruned meanwhile (an update of nothing): written as any other row.
    const written = known !== undefined && updatedAt(known, row) ? { seq: known, added: false } : insertOrUpdate(row);
    remember(row, written.seq);
    return written;
  };
  const insertOrUpdate = (row: RunRow): { seq: number; added: boolean } => {
    const inserted = insert.run(row.id, row.workflowId, row.status, row.graph, row.summary, row.traces);
    if (inserted.changes > 0) return { seq: Number(inserted.lastInsertRowid), added: true };
    // Written before by the other writer.
    const seq = seqOf.get(row.id) ?? 0;
    updateSeq.run(row.status, row.graph, row.summary, row.traces, seq, row.id);
    return { seq, added: false };
  };

  /**
   * A batch of one row written before (a durable run's next wave, on a quiet server) changes that
   * row alone: one statement, committed on its own, without a BEGIN and a COMMIT to run around it
   * (a fifth of what the write costs).
   */
  const rewrittenAlone = (rows: RunRow[], graphs: GraphRow[]): boolean => {
    const row = rows.length === 1 ? rows[0] : undefined;
    const known = row && runningSeqs.get(row.id);
    if (!row || known === undefined || graphs.some((graph) => graph.text !== undefined) || !updatedAt(known, row)) return false;
    remember(row, known);
    return true;
  };

  const batch = db.transaction((rows: RunRow[], graphs: GraphRow[]): boolean => {
    const lastSeq = new Map<string, number>();
    /** Graphs a new row uses: only their newest seq can have moved. */
    const moved = new Set<string>();
    let added = 0;
    for (const row of rows) {
      const written = write(row);
      if (written.added) added++;
      if (row.graph === null) continue;
      lastSeq.set(row.graph, Math.max(written.seq, lastSeq.get(row.graph) ?? 0));
      if (written.added) moved.add(row.graph);
    }
    for (const { hash, text } of graphs) {
      const seq = lastSeq.get(hash) ?? 0;
      if (text !== undefined) insertGraph.run(hash, text, seq);
      // A graph that only rows written before use is stored already, its seq as new as theirs: they have kept it from being pruned.
      else if (moved.has(hash) && touchGraph.run(seq, hash).changes === 0) throw new Error(`run graph ${hash} is not stored`);
    }
    if (added === 0) return false;
    return prune.run({ keep, step: added + PRUNE_STEP, slack }).changes > 0 && pruneGraphs.run().changes > 0;
  });

  return (request) => {
    try {
      if (request.kind === 'withheld') {
        write(request.row);
        return {};
      }
      if (rewrittenAlone(request.rows, request.graphs)) return {};
      return batch(request.rows, request.graphs) ? { graphsPruned: true } : {};
    } catch (error) {
      // Rolled back: a seq remembered in the batch may belong to no row, or to another run later.
      runningSeqs.clear();
      return { error: String(error) };
    }
  };
}
