import { DEFAULT_RUN_PAGE, MAX_RUN_PAGE, type NodeTrace, type RunRecord, type RunStore, type RunSummary, truncateValue } from '@pattern/core';
import type Database from 'better-sqlite3';
import { type Graph, GraphHashes } from './graph-hashes.ts';

export interface SqliteRunStoreOptions {
  /** How many runs to keep; older ones are pruned. */
  keep: number;
  /** Trace values larger than this (as JSON) are stored as a truncation marker. */
  maxValueBytes: number;
  /** How long writes may wait to be batched into one transaction. */
  flushMs?: number;
}

/**
 * Run history in SQLite. `save` only queues: a timer writes everything queued in one
 * transaction, so a busy route costs one commit per batch, not one per request. A run saved
 * twice before a flush (started, then settled) is written once. The graph a run executed is
 * stored once per distinct graph, not once per run.
 */
export function createSqliteRunStore(db: Database.Database, options: SqliteRunStoreOptions): RunStore {
  db.exec(`CREATE TABLE IF NOT EXISTS runs (
    id TEXT PRIMARY KEY,
    workflow_id TEXT,
    status TEXT NOT NULL,
    graph TEXT,
    record TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS runs_by_workflow ON runs (workflow_id, id);
  CREATE INDEX IF NOT EXISTS runs_running ON runs (id) WHERE status = 'running';
  CREATE TABLE IF NOT EXISTS run_graphs (hash TEXT PRIMARY KEY, graph TEXT NOT NULL);`);

  const upsert = db.prepare<[string, string | null, string, string | null, string]>(
    `INSERT INTO runs (id, workflow_id, status, graph, record) VALUES (?, ?, ?, ?, ?)
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
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM runs');
  const prune = db.prepare<[number]>('DELETE FROM runs WHERE id <= (SELECT id FROM runs ORDER BY id DESC LIMIT 1 OFFSET ?)');
  const pruneGraphs = db.prepare('DELETE FROM run_graphs WHERE hash NOT IN (SELECT DISTINCT graph FROM runs WHERE graph IS NOT NULL)');
  const pages = new Map<string, Database.Statement<Record<string, unknown>, SummaryRow>>();

  const graphs = new GraphHashes();
  const pending = new Map<string, RunRecord>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let writes = 0;
  const flushMs = options.flushMs ?? 25;

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
      // No single value can be larger than the whole record, so a small record needs no truncation pass.
      // A value too deep to serialize fails the whole record; the truncation pass marks just that value.
      let text = serialized(rest);
      if (text === undefined || text.length > options.maxValueBytes) text = JSON.stringify(truncateRecord(rest, options.maxValueBytes));
      upsert.run(run.id, run.workflowId ?? null, run.status, storeGraph(graph), text);
    }
  });

  const flushNow = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (pending.size === 0) return;
    const batch = [...pending.values()];
    pending.clear();
    writeBatch(batch);
    writes += batch.length;
    if (writes >= 1000) {
      writes = 0;
      if ((count.get()?.n ?? 0) > options.keep) {
        prune.run(options.keep);
        pruneGraphs.run();
        graphs.forget();
      }
    }
  };

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
      pending.set(run.id, run);
      timer ??= setTimeout(flushNow, flushMs);
    },
    async get(id) {
      const queued = pending.get(id);
      if (queued) return truncateRecord(queued, options.maxValueBytes);
      const row = byId.get(id);
      return row ? fromRow(row) : undefined;
    },
    async list(query) {
      flushNow();
      const limit = Math.min(Math.max(query.limit ?? DEFAULT_RUN_PAGE, 1), MAX_RUN_PAGE);
      const rows = pageStatement(query.workflowId !== undefined, query.status !== undefined, query.cursor !== undefined).all({
        ...(query.workflowId !== undefined ? { workflowId: query.workflowId } : {}),
        ...(query.status !== undefined ? { status: query.status } : {}),
        ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
        limit: limit + 1,
      });
      const runs = rows.slice(0, limit).map((row) => JSON.parse(row.summary) as RunSummary);
      return { runs, next: rows.length > limit ? (runs[runs.length - 1]?.id ?? null) : null };
    },
    async listRunning() {
      flushNow();
      return running.all().map(fromRow);
    },
    async latestByWorkflow() {
      flushNow();
      const out: Record<string, RunSummary> = {};
      for (const row of latest.all()) {
        const run = JSON.parse(row.summary) as RunSummary;
        if (run.workflowId !== undefined) out[run.workflowId] = run;
      }
      return out;
    },
    async flush() {
      flushNow();
    },
    async close() {
      flushNow();
    },
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

/** The record as stored: trace values over the limit become truncation markers. */
export function truncateRecord<R extends Omit<RunRecord, 'graph'>>(run: R, maxBytes: number): R {
  const values = (record: Record<string, unknown> | undefined) =>
    record && Object.fromEntries(Object.entries(record).map(([key, value]) => [key, truncateValue(value, maxBytes)]));
  const nodes: Record<string, NodeTrace> = {};
  for (const [id, node] of Object.entries(run.nodes)) {
    const inputs = values(node.inputs);
    const outputs = values(node.outputs);
    nodes[id] = { ...node, ...(inputs ? { inputs } : {}), ...(outputs ? { outputs } : {}) };
  }
  return {
    ...run,
    input: truncateValue(run.input, maxBytes),
    ...(run.output !== undefined ? { output: truncateValue(run.output, maxBytes) } : {}),
    nodes,
  };
}

function serialized(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}
