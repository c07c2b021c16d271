import {
  DEFAULT_RUN_PAGE,
  MAX_RUN_PAGE,
  type NodeTrace,
  type RunRecord,
  type RunStore,
  type RunSummary,
  summarize,
  truncateValue,
} from '@pattern/core';
import type Database from 'better-sqlite3';

export interface SqliteRunStoreOptions {
  /** How many runs to keep; older ones are pruned. */
  keep: number;
  /** Trace values larger than this (as JSON) are stored as a truncation marker. */
  maxValueBytes: number;
  /** How long writes may wait to be batched into one transaction. */
  flushMs?: number;
}

interface SummaryRow {
  summary: string;
}

/**
 * Run history in SQLite. `save` only queues: a timer writes everything queued in one
 * transaction, so a busy route costs one commit per batch, not one per request. A run saved
 * twice before a flush (started, then settled) is written once.
 */
export function createSqliteRunStore(db: Database.Database, options: SqliteRunStoreOptions): RunStore {
  db.exec(`CREATE TABLE IF NOT EXISTS runs (
    id TEXT PRIMARY KEY,
    workflow_id TEXT,
    status TEXT NOT NULL,
    summary TEXT NOT NULL,
    record TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS runs_by_workflow ON runs (workflow_id, id);
  CREATE INDEX IF NOT EXISTS runs_by_status ON runs (status, id);`);

  const upsert = db.prepare<[string, string | null, string, string, string]>(
    `INSERT INTO runs (id, workflow_id, status, summary, record) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET status = excluded.status, summary = excluded.summary, record = excluded.record`,
  );
  const byId = db.prepare<[string], { record: string }>('SELECT record FROM runs WHERE id = ?');
  const running = db.prepare<[], { record: string }>("SELECT record FROM runs WHERE status = 'running'");
  const latest = db.prepare<[], SummaryRow>(
    'SELECT r.summary FROM runs r JOIN (SELECT workflow_id, max(id) AS id FROM runs WHERE workflow_id IS NOT NULL GROUP BY workflow_id) l ON r.id = l.id',
  );
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM runs');
  const prune = db.prepare<[number]>('DELETE FROM runs WHERE id <= (SELECT id FROM runs ORDER BY id DESC LIMIT 1 OFFSET ?)');
  const pages = new Map<string, Database.Statement<unknown[], SummaryRow>>();

  const pending = new Map<string, RunRecord>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let writes = 0;
  const flushMs = options.flushMs ?? 25;

  const writeBatch = db.transaction((records: RunRecord[]) => {
    for (const run of records) {
      const stored = truncateRecord(run, options.maxValueBytes);
      upsert.run(run.id, run.workflowId ?? null, run.status, JSON.stringify(summarize(stored)), JSON.stringify(stored));
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
    if (writes >= 500) {
      writes = 0;
      if ((count.get()?.n ?? 0) > options.keep) prune.run(options.keep);
    }
  };

  const pageStatement = (workflow: boolean, status: boolean, cursor: boolean) => {
    const key = `${workflow}${status}${cursor}`;
    let statement = pages.get(key);
    if (!statement) {
      const where = [workflow && 'workflow_id = @workflowId', status && 'status = @status', cursor && 'id < @cursor'].filter(Boolean);
      statement = db.prepare(`SELECT summary FROM runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT @limit`);
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
      return row ? (JSON.parse(row.record) as RunRecord) : undefined;
    },
    async list(query) {
      flushNow();
      const limit = Math.min(Math.max(query.limit ?? DEFAULT_RUN_PAGE, 1), MAX_RUN_PAGE);
      const rows = pageStatement(query.workflowId !== undefined, query.status !== undefined, query.cursor !== undefined).all({
        workflowId: query.workflowId,
        status: query.status,
        cursor: query.cursor,
        limit: limit + 1,
      });
      const runs = rows.slice(0, limit).map((row) => JSON.parse(row.summary) as RunSummary);
      return { runs, next: rows.length > limit ? (runs[runs.length - 1]?.id ?? null) : null };
    },
    async listRunning() {
      flushNow();
      return running.all().map((row) => JSON.parse(row.record) as RunRecord);
    },
    async latestByWorkflow() {
      flushNow();
      const out: Record<string, RunSummary> = {};
      for (const row of latest.all()) {
        const summary = JSON.parse(row.summary) as RunSummary;
        if (summary.workflowId !== undefined) out[summary.workflowId] = summary;
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

/** The record as stored: trace values over the limit become truncation markers. */
export function truncateRecord(run: RunRecord, maxBytes: number): RunRecord {
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
