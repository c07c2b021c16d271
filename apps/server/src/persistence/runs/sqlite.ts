import { type Logger, type RunRecord, type RunStore, type RunSummary, silentLogger } from '@pattern/core';
import type Database from 'better-sqlite3';
import { type Graph, GraphHashes } from './graph-hashes.ts';
import { runCommits } from './run-commits.ts';
import { pageLimit, runPage } from './run-page.ts';
import { storedText, truncateRecord } from './stored-record.ts';

export interface SqliteRunStoreOptions {
  /** How many runs to keep; older ones are pruned. */
  keep: number;
  /** Trace values larger than this (as JSON) are stored as a truncation marker. */
  maxValueBytes: number;
  /** Where a record the database refuses is reported, with its run id. */
  log?: Logger;
}

const SCHEMA = `CREATE TABLE IF NOT EXISTS runs (
    id TEXT PRIMARY KEY,
    workflow_id TEXT,
    status TEXT NOT NULL,
    graph TEXT,
    record TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS runs_by_workflow ON runs (workflow_id, id);
  CREATE INDEX IF NOT EXISTS runs_running ON runs (id) WHERE status = 'running';
  CREATE TABLE IF NOT EXISTS run_graphs (hash TEXT PRIMARY KEY, graph TEXT NOT NULL);`;

/**
 * Run history in SQLite. `save` resolves once the record is committed: records saved in the same
 * turn of the event loop share one transaction (group commit), so a busy route costs one commit
 * per batch, not one per request, and nobody waits on a timer. In WAL mode with
 * `synchronous = NORMAL` a commit survives the process being killed. A run saved twice before
 * its batch is written (started, then settled) is written once. The graph a run executed is
 * stored once per distinct graph, not once per run.
 */
export function createSqliteRunStore(db: Database.Database, options: SqliteRunStoreOptions): RunStore {
  db.exec(SCHEMA);
  const upsert = db.prepare<[string, string | null, string, string | null, string]>(
    `INSERT INTO runs (id, workflow_id, status, graph, record) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET status = excluded.status, record = excluded.record`,
  );
  const writeWithheld = db.prepare<[string, string | null, string, string]>(
    `INSERT INTO runs (id, workflow_id, status, record) VALUES (?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET status = excluded.status, record = excluded.record`,
  );
  const insertGraph = db.prepare<[string, string]>('INSERT OR IGNORE INTO run_graphs (hash, graph) VALUES (?, ?)');
  const withGraph = 'SELECT r.record, g.graph FROM runs r LEFT JOIN run_graphs g ON g.hash = r.graph';
  const byId = db.prepare<[string], FullRow>(`${withGraph} WHERE r.id = ?`);
  const running = db.prepare<[], FullRow>(`${withGraph} WHERE r.status = 'running'`);
  const summary = "json_remove(record, '$.nodes') AS summary";
  const latest = db.prepare<[], SummaryRow>(
    `SELECT ${summary} FROM runs r JOIN (SELECT workflow_id, max(id) AS id FROM runs WHERE workflow_id IS NOT NULL GROUP BY workflow_id) l ON r.id = l.id`,
  );
  const countRuns = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM runs');
  const prune = db.prepare<[number]>('DELETE FROM runs WHERE id <= (SELECT id FROM runs ORDER BY id DESC LIMIT 1 OFFSET ?)');
  const pruneGraphs = db.prepare('DELETE FROM run_graphs WHERE hash NOT IN (SELECT DISTINCT graph FROM runs WHERE graph IS NOT NULL)');
  const pages = new Map<string, Database.Statement<Record<string, unknown>, SummaryRow>>();
  const graphs = new GraphHashes();

  const storeGraph = (graph: Graph | undefined): string | null => {
    if (!graph) return null;
    const { hash, text } = graphs.key(graph);
    if (text !== undefined) {
      insertGraph.run(hash, text);
      graphs.markWritten(hash);
    }
    return hash;
  };
  const writeBatch = db.transaction((records: RunRecord[]) => {
    for (const run of records) {
      const { graph, ...rest } = run;
      upsert.run(run.id, run.workflowId ?? null, run.status, storeGraph(graph), storedText(rest, options.maxValueBytes));
    }
  });

  const commits = runCommits(
    {
      write: (records) => {
        try {
          writeBatch(records);
        } catch (error) {
          // The transaction rolled back: graphs marked written in it are not there.
          graphs.forget();
          throw error;
        }
      },
      writeWithheld: (run, text) => void writeWithheld.run(run.id, run.workflowId ?? null, run.status, text),
      prune: (keep) => {
        if ((countRuns.get()?.n ?? 0) <= keep) return;
        prune.run(keep);
        pruneGraphs.run();
        graphs.forget();
      },
    },
    { keep: options.keep, log: options.log ?? silentLogger },
  );

  const pageStatement = (workflow: boolean, status: boolean, cursor: boolean) => {
    const key = `${workflow}${status}${cursor}`;
    let statement = pages.get(key);
    if (!statement) {
      const where = [workflow && 'workflow_id = @workflowId', status && 'status = @status', cursor && 'id < @cursor'].filter(Boolean);
      statement = db.prepare(`SELECT ${summary} FROM runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT @limit`);
      pages.set(key, statement);
    }
    return statement;
  };

  return {
    save(run) {
      return commits.add(run.id, run);
    },
    async get(id) {
      const queued = commits.queued(id);
      if (queued) return truncateRecord(queued, options.maxValueBytes);
      const row = byId.get(id);
      return row ? fromRow(row) : undefined;
    },
    async list(query) {
      await commits.flush();
      const limit = pageLimit(query);
      const rows = pageStatement(query.workflowId !== undefined, query.status !== undefined, query.cursor !== undefined).all({
        ...(query.workflowId !== undefined ? { workflowId: query.workflowId } : {}),
        ...(query.status !== undefined ? { status: query.status } : {}),
        ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
        limit: limit + 1,
      });
      return runPage(rows, limit, (row) => JSON.parse(row.summary) as RunSummary);
    },
    async listRunning() {
      await commits.flush();
      return running.all().map(fromRow);
    },
    async latestByWorkflow() {
      await commits.flush();
      const out: Record<string, RunSummary> = {};
      for (const row of latest.all()) {
        const run = JSON.parse(row.summary) as RunSummary;
        if (run.workflowId !== undefined) out[run.workflowId] = run;
      }
      return out;
    },
    flush: () => commits.flush(),
    close: () => commits.flush(),
  };
}

interface FullRow {
  record: string;
  graph: string | null;
}

interface SummaryRow {
  summary: string;
}

function fromRow(row: FullRow): RunRecord {
  const record = JSON.parse(row.record) as RunRecord;
  return row.graph ? { ...record, graph: JSON.parse(row.graph) as Graph } : record;
}
