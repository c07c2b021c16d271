import { type Logger, type RunRecord, type RunStore, type RunSummary, silentLogger } from '@pattern/core';
import type Database from 'better-sqlite3';
import { type Graph, GraphHashes } from './graph-hashes.ts';
import { startHistoryThread } from './history-thread.ts';
import type { GraphRow, RunRow, WriterRequest } from './history-writer.ts';
import { runCommits } from './run-commits.ts';
import { pageLimit, runPage } from './run-page.ts';
import { migrateRunTables } from './sqlite-schema.ts';
import { type StoredParts, storedParts, truncateRecord, withheldParts } from './stored-record.ts';
import { decodeTraces } from './trace-codec.ts';

export interface SqliteRunStoreOptions {
  /** How many runs to keep; older ones are pruned. */
  keep: number;
  /** Trace values larger than this (as JSON) are stored as a truncation marker. */
  maxValueBytes: number;
  /** Where a record the database refuses is reported, with its run id. */
  log?: Logger;
}

/**
 * Run history in SQLite. `save` resolves once the record is committed: records saved in the same
 * turn of the event loop share one transaction (group commit), so a busy route costs one commit
 * per batch, not one per request, and nobody waits on a timer. In WAL mode with
 * `synchronous = NORMAL` a commit survives the process being killed. A run saved twice before
 * its batch is written (started, then settled) is written once. The graph a run executed is
 * stored once per distinct graph, not once per run. Records are serialized here, and committed
 * with the pruning here too unless a batch is large, which a thread of its own writes; that
 * thread also runs the WAL checkpoints (history-thread.ts). Reads are served here, from this
 * connection, which WAL lets read while the other writes.
 */
export function createSqliteRunStore(db: Database.Database, options: SqliteRunStoreOptions): RunStore {
  const log = options.log ?? silentLogger;
  migrateRunTables(db);
  const thread = startHistoryThread(db, options.keep, log);
  const withGraph = 'SELECT r.record, r.traces, g.graph FROM runs r LEFT JOIN run_graphs g ON g.hash = r.graph';
  const byId = db.prepare<[string], FullRow>(`${withGraph} WHERE r.id = ?`);
  const running = db.prepare<[], FullRow>(`${withGraph} WHERE r.status = 'running'`);
  const latest = db.prepare<[], SummaryRow>(
    'SELECT r.record AS summary FROM runs r JOIN (SELECT workflow_id, max(id) AS id FROM runs WHERE workflow_id IS NOT NULL GROUP BY workflow_id) l ON r.id = l.id',
  );
  const pages = new Map<string, Database.Statement<Record<string, unknown>, SummaryRow>>();
  const graphs = new GraphHashes();

  const send = async (request: WriterRequest) => {
    const reply = await thread.send(request);
    // Rolled back, or graphs were pruned: which graphs are stored is no longer known.
    if (reply.error !== undefined || reply.graphsPruned) graphs.forget();
    if (reply.error !== undefined) throw new Error(reply.error);
  };
  const commits = runCommits(
    {
      write: async (records) => {
        const used = new Map<Graph, GraphRow>();
        const rows = records.map((run) => {
          const { graph, ...rest } = run;
          let key = graph && used.get(graph);
          if (graph && !key) {
            key = graphs.key(graph);
            used.set(graph, key);
          }
          return rowOf(run, storedParts(rest, options.maxValueBytes), key ? key.hash : null);
        });
        const written = [...used.values()];
        await send({ kind: 'batch', rows, graphs: written });
        for (const { hash } of written) graphs.markWritten(hash);
      },
      writeWithheld: (run) => {
        const { graph: _graph, ...rest } = run;
        return send({ kind: 'withheld', row: rowOf(run, withheldParts(rest), null) });
      },
    },
    { keep: options.keep, log },
  );

  const pageStatement = (workflow: boolean, status: boolean, cursor: boolean, parent: boolean, topLevel: boolean) => {
    const key = `${workflow}${status}${cursor}${parent}${topLevel}`;
    let statement = pages.get(key);
    if (!statement) {
      const where = [
        workflow && 'workflow_id = @workflowId',
        status && 'status = @status',
        cursor && 'id < @cursor',
        parent && "json_extract(record, '$.parentRunId') = @parentRunId",
        topLevel && "json_extract(record, '$.parentRunId') IS NULL",
      ].filter(Boolean);
      statement = db.prepare(
        `SELECT record AS summary FROM runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT @limit`,
      );
      pages.set(key, statement);
    }
    return statement;
  };

  return {
    save(run, saving) {
      return commits.add(run.id, run, saving?.provisional === true);
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
      const parent = query.parentRunId !== undefined;
      const rows = pageStatement(
        query.workflowId !== undefined,
        query.status !== undefined,
        query.cursor !== undefined,
        parent,
        query.topLevel === true,
      ).all({
        ...(query.workflowId !== undefined ? { workflowId: query.workflowId } : {}),
        ...(parent ? { parentRunId: query.parentRunId } : {}),
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
    async close() {
      await commits.flush();
      await thread.stop();
    },
  };
}

interface FullRow {
  record: string;
  traces: string | null;
  graph: string | null;
}

interface SummaryRow {
  summary: string;
}

/** A run that has not settled has no traces yet: only its summary is written. */
function rowOf(run: RunRecord, parts: StoredParts, graph: string | null): RunRow {
  const traces = run.status === 'running' && parts.traces === '[]' ? null : parts.traces;
  return { id: run.id, workflowId: run.workflowId ?? null, status: run.status, graph, summary: parts.summary, traces };
}

function fromRow(row: FullRow): RunRecord {
  const summary = JSON.parse(row.record) as RunSummary;
  const record: RunRecord = { ...summary, nodes: row.traces === null ? {} : decodeTraces(JSON.parse(row.traces), summary.startedAt) };
  if (row.graph) record.graph = JSON.parse(row.graph) as Graph;
  return record;
}
