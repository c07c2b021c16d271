import { DEFAULT_RUN_PAGE, MAX_RUN_PAGE, type RunRecord, type RunStore, type RunSummary } from '@pattern/core';
import { migrate, type Pool } from '@pattern/postgres';
import { type Graph, GraphHashes } from '../graph-hashes.ts';
import { truncateRecord } from '../sqlite-run-store.ts';

export interface PostgresRunStoreOptions {
  keep: number;
  maxValueBytes: number;
  /** This server process; its runs are its own to settle. */
  instanceId: string;
  flushMs?: number;
  /** How often this instance says it is alive; an instance silent for three beats is taken as dead. */
  heartbeatMs?: number;
}

/**
 * Run history in PostgreSQL, shared by every server on the database. Writes are batched into one
 * statement per flush. Each server heartbeats; `listRunning` returns only runs whose server has
 * stopped beating, so one server never settles another live server's runs.
 */
export async function createPostgresRunStore(pool: Pool, options: PostgresRunStoreOptions): Promise<RunStore & { recoveryIntervalMs: number }> {
  const heartbeatMs = options.heartbeatMs ?? 5000;
  await migrate(pool, 'runs', [
    `CREATE TABLE IF NOT EXISTS runs (
      id TEXT PRIMARY KEY,
      workflow_id TEXT,
      status TEXT NOT NULL,
      instance TEXT NOT NULL,
      graph TEXT,
      record JSONB NOT NULL
    )`,
    'CREATE INDEX IF NOT EXISTS runs_by_workflow ON runs (workflow_id, id)',
    'CREATE INDEX IF NOT EXISTS runs_by_status ON runs (status, id)',
    'CREATE TABLE IF NOT EXISTS run_graphs (hash TEXT PRIMARY KEY, graph JSONB NOT NULL)',
    'CREATE TABLE IF NOT EXISTS instances (id TEXT PRIMARY KEY, heartbeat_at TIMESTAMPTZ NOT NULL)',
  ]);
  const beat = () =>
    pool.query('INSERT INTO instances (id, heartbeat_at) VALUES ($1, now()) ON CONFLICT (id) DO UPDATE SET heartbeat_at = now()', [
      options.instanceId,
    ]);
  await beat();
  const heartbeat = setInterval(() => void beat().catch(() => {}), heartbeatMs);
  heartbeat.unref();

  const graphs = new GraphHashes();
  const pending = new Map<string, RunRecord>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let flushing: Promise<void> = Promise.resolve();
  let writes = 0;

  const graphOf = (graph: Graph | undefined, fresh: Map<string, string>): string | null => {
    if (!graph) return null;
    const { hash, text } = graphs.key(graph);
    if (text !== undefined) fresh.set(hash, text);
    return hash;
  };

  const write = async (batch: RunRecord[]) => {
    const fresh = new Map<string, string>();
    const ids: string[] = [];
    const workflows: Array<string | null> = [];
    const statuses: string[] = [];
    const graphKeys: Array<string | null> = [];
    const records: string[] = [];
    for (const run of batch) {
      const { graph, ...rest } = run;
      let text = JSON.stringify(rest);
      if (text.length > options.maxValueBytes) text = JSON.stringify(truncateRecord(rest, options.maxValueBytes));
      ids.push(run.id);
      workflows.push(run.workflowId ?? null);
      statuses.push(run.status);
      graphKeys.push(graphOf(graph, fresh));
      records.push(text);
    }
    if (fresh.size > 0) {
      await pool.query('INSERT INTO run_graphs (hash, graph) SELECT * FROM unnest($1::text[], $2::jsonb[]) ON CONFLICT (hash) DO NOTHING', [
        [...fresh.keys()],
        [...fresh.values()],
      ]);
      for (const hash of fresh.keys()) graphs.markWritten(hash);
    }
    await pool.query(
      `INSERT INTO runs (id, workflow_id, status, instance, graph, record)
       SELECT id, wf, st, $6, gr, rec::jsonb FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS t(id, wf, st, gr, rec)
       ON CONFLICT (id) DO UPDATE SET status = excluded.status, record = excluded.record`,
      [ids, workflows, statuses, graphKeys, records, options.instanceId],
    );
    writes += batch.length;
    if (writes >= 1000) {
      writes = 0;
      await pool.query('DELETE FROM runs WHERE id <= (SELECT id FROM runs ORDER BY id DESC LIMIT 1 OFFSET $1)', [options.keep]);
    }
  };

  const flush = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (pending.size > 0) {
      const batch = [...pending.values()];
      pending.clear();
      flushing = flushing.then(() => write(batch));
    }
    return flushing;
  };

  const fromRow = (row: { record: RunRecord; graph: Graph | null }): RunRecord => (row.graph ? { ...row.record, graph: row.graph } : row.record);
  const withGraph = 'SELECT r.record, g.graph FROM runs r LEFT JOIN run_graphs g ON g.hash = r.graph';
  const dead = `r.instance NOT IN (SELECT id FROM instances WHERE heartbeat_at > now() - make_interval(secs => ${(3 * heartbeatMs) / 1000}) AND id <> $1)`;

  return {
    recoveryIntervalMs: heartbeatMs * 3,
    save(run) {
      pending.set(run.id, run);
      timer ??= setTimeout(() => void flush().catch(() => {}), options.flushMs ?? 25);
    },
    async get(id) {
      const queued = pending.get(id);
      if (queued) return truncateRecord(queued, options.maxValueBytes);
      await flushing;
      const { rows } = await pool.query(`${withGraph} WHERE r.id = $1`, [id]);
      return rows[0] ? fromRow(rows[0]) : undefined;
    },
    async list(query) {
      await flush();
      const limit = Math.min(Math.max(query.limit ?? DEFAULT_RUN_PAGE, 1), MAX_RUN_PAGE);
      const where: string[] = [];
      const values: unknown[] = [];
      const add = (sql: string, value: unknown) => {
        values.push(value);
        where.push(sql.replace('?', `$${values.length}`));
      };
      if (query.workflowId !== undefined) add('workflow_id = ?', query.workflowId);
      if (query.status !== undefined) add('status = ?', query.status);
      if (query.cursor !== undefined) add('id < ?', query.cursor);
      values.push(limit + 1);
      const { rows } = await pool.query<{ summary: RunSummary }>(
        `SELECT record - 'nodes' AS summary FROM runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT $${values.length}`,
        values,
      );
      const runs = rows.slice(0, limit).map((row) => row.summary);
      return { runs, next: rows.length > limit ? (runs[runs.length - 1]?.id ?? null) : null };
    },
    async listRunning() {
      await flush();
      // Claims the runs of dead servers in one statement, so two survivors never settle the same run.
      const { rows } = await pool.query(
        `WITH claimed AS (UPDATE runs r SET instance = $1 WHERE r.status = 'running' AND ${dead} RETURNING r.record, r.graph)
         SELECT c.record, g.graph FROM claimed c LEFT JOIN run_graphs g ON g.hash = c.graph`,
        [options.instanceId],
      );
      return rows.map(fromRow);
    },
    async latestByWorkflow() {
      await flush();
      const { rows } = await pool.query<{ summary: RunSummary }>(
        `SELECT DISTINCT ON (workflow_id) record - 'nodes' AS summary FROM runs WHERE workflow_id IS NOT NULL ORDER BY workflow_id, id DESC`,
      );
      return Object.fromEntries(rows.map((row) => [row.summary.workflowId as string, row.summary]));
    },
    flush,
    async close() {
      clearInterval(heartbeat);
      await flush();
      await pool.query('DELETE FROM instances WHERE id = $1', [options.instanceId]);
    },
  };
}
