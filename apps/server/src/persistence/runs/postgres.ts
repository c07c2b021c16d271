import { type Logger, type RunRecord, type RunStore, type RunSummary, silentLogger } from '@pattern/core';
import { migrate, named, type Pool, statement } from '@pattern/postgres';
import { type Graph, GraphHashes } from './graph-hashes.ts';
import { parseJsonb, toJsonbText } from './jsonb-text.ts';
import { runCommits } from './run-commits.ts';
import { pageLimit, runPage } from './run-page.ts';
import { storedText, truncateRecord } from './stored-record.ts';

/** PostgreSQL text cannot hold NUL, so no id or workflow id holds one: a lookup by one finds nothing. */
const NUL = '\u0000';

const SCHEMA = [
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
];

const WRITE_RUNS = `INSERT INTO runs (id, workflow_id, status, instance, graph, record)
  SELECT id, wf, st, $6, gr, rec::jsonb FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS t(id, wf, st, gr, rec)
  ON CONFLICT (id) DO UPDATE SET status = excluded.status, record = excluded.record`;
const SQL = {
  writeRuns: statement(WRITE_RUNS),
  writeRunsAndGraphs: statement(`WITH graphs AS (
      INSERT INTO run_graphs (hash, graph) SELECT hash, graph::jsonb FROM unnest($7::text[], $8::text[]) AS g(hash, graph)
      ON CONFLICT (hash) DO NOTHING
    )
    ${WRITE_RUNS}`),
  writeWithheld: statement(`INSERT INTO runs (id, workflow_id, status, instance, record) VALUES ($1, $2, $3, $4, $5::jsonb)
    ON CONFLICT (id) DO UPDATE SET status = excluded.status, record = excluded.record`),
  prune: statement('DELETE FROM runs WHERE id <= (SELECT id FROM runs ORDER BY id DESC LIMIT 1 OFFSET $1)'),
  beat: statement('INSERT INTO instances (id, heartbeat_at) VALUES ($1, now()) ON CONFLICT (id) DO UPDATE SET heartbeat_at = now()'),
  leave: statement('DELETE FROM instances WHERE id = $1'),
  latest: statement(
    `SELECT DISTINCT ON (workflow_id) (record - 'nodes')::text AS summary FROM runs WHERE workflow_id IS NOT NULL ORDER BY workflow_id, id DESC`,
  ),
};
const WITH_GRAPH = 'SELECT r.record::text AS record, g.graph::text AS graph FROM runs r LEFT JOIN run_graphs g ON g.hash = r.graph';

export interface PostgresRunStoreOptions {
  keep: number;
  maxValueBytes: number;
  /** This server process; its runs are its own to settle. */
  instanceId: string;
  /** Where a record the database refuses is reported, with its run id. */
  log?: Logger;
  /** How often this instance says it is alive; an instance silent for three beats is taken as dead. */
  heartbeatMs?: number;
}

interface Row {
  record: string;
  graph: string | null;
}

const fromRow = (row: Row): RunRecord => {
  const record = parseJsonb<RunRecord>(row.record);
  return row.graph ? { ...record, graph: parseJsonb<Graph>(row.graph) } : record;
};
const summaryOf = (row: { summary: string }) => parseJsonb<RunSummary>(row.summary);

/**
 * Run history in PostgreSQL, shared by every server on the database. `save` resolves once the
 * record is committed; records saved while one batch is being written go together in the next,
 * as one statement (group commit). Records are jsonb, with the strings jsonb refuses escaped
 * (see jsonb-text.ts). Each server heartbeats; `listRunning` returns only runs whose server has
 * stopped beating, so one server never settles another live server's runs.
 */
export async function createPostgresRunStore(pool: Pool, options: PostgresRunStoreOptions): Promise<RunStore & { recoveryIntervalMs: number }> {
  const heartbeatMs = options.heartbeatMs ?? 5000;
  await migrate(pool, 'runs', SCHEMA);
  const beat = () => pool.query(SQL.beat([options.instanceId]));
  await beat();
  const heartbeat = setInterval(() => void beat().catch(() => {}), heartbeatMs);
  heartbeat.unref();
  const graphs = new GraphHashes();

  const write = async (batch: RunRecord[]) => {
    const fresh = new Map<string, string>();
    const ids: string[] = [];
    const workflows: Array<string | null> = [];
    const statuses: string[] = [];
    const graphKeys: Array<string | null> = [];
    const records: string[] = [];
    for (const run of batch) {
      const { graph, ...rest } = run;
      ids.push(run.id);
      workflows.push(run.workflowId ?? null);
      statuses.push(run.status);
      graphKeys.push(graph ? graphKey(graph, fresh) : null);
      records.push(toJsonbText(storedText(rest, options.maxValueBytes)));
    }
    // One statement, so one round trip and one commit, graphs included.
    const values = [ids, workflows, statuses, graphKeys, records, options.instanceId];
    await pool.query(fresh.size === 0 ? SQL.writeRuns(values) : SQL.writeRunsAndGraphs([...values, [...fresh.keys()], [...fresh.values()]]));
    for (const hash of fresh.keys()) graphs.markWritten(hash);
  };
  const graphKey = (graph: Graph, fresh: Map<string, string>): string => {
    const { hash, text } = graphs.key(graph);
    if (text !== undefined) fresh.set(hash, toJsonbText(text));
    return hash;
  };

  const commits = runCommits(
    {
      write,
      writeWithheld: async (run, text) => {
        await pool.query(SQL.writeWithheld([run.id, run.workflowId ?? null, run.status, options.instanceId, toJsonbText(text)]));
      },
      prune: async (keep) => {
        await pool.query(SQL.prune([keep]));
      },
    },
    { keep: options.keep, log: options.log ?? silentLogger },
  );
  const dead = `r.instance NOT IN (SELECT id FROM instances WHERE heartbeat_at > now() - make_interval(secs => ${(3 * heartbeatMs) / 1000}) AND id <> $1)`;
  // Claims the runs of dead servers in one statement, so two survivors never settle the same run.
  const claimRunning = statement(
    `WITH claimed AS (UPDATE runs r SET instance = $1 WHERE r.status = 'running' AND ${dead} RETURNING r.record, r.graph)
     SELECT c.record::text AS record, g.graph::text AS graph FROM claimed c LEFT JOIN run_graphs g ON g.hash = c.graph`,
  );

  return {
    recoveryIntervalMs: heartbeatMs * 3,
    save(run) {
      return commits.add(run.id, run);
    },
    async get(id) {
      const queued = commits.queued(id);
      if (queued) return truncateRecord(queued, options.maxValueBytes);
      if (id.includes(NUL)) return undefined;
      const { rows } = await pool.query<Row>(named(`${WITH_GRAPH} WHERE r.id = $1`, [id]));
      return rows[0] ? fromRow(rows[0]) : undefined;
    },
    async list(query) {
      await commits.flush();
      if (query.workflowId?.includes(NUL)) return { runs: [], next: null };
      const limit = pageLimit(query);
      const where: string[] = [];
      const values: unknown[] = [];
      const add = (sql: string, value: unknown) => {
        values.push(value);
        where.push(sql.replace('?', `$${values.length}`));
      };
      if (query.workflowId !== undefined) add('workflow_id = ?', query.workflowId);
      if (query.status !== undefined) add('status = ?', query.status);
      if (query.cursor !== undefined) {
        // No id holds a NUL, so "before a\0b" is "up to a".
        const nul = query.cursor.indexOf(NUL);
        if (nul < 0) add('id < ?', query.cursor);
        else add('id <= ?', query.cursor.slice(0, nul));
      }
      values.push(limit + 1);
      const { rows } = await pool.query<{ summary: string }>(
        named(
          `SELECT (record - 'nodes')::text AS summary FROM runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT $${values.length}`,
          values,
        ),
      );
      return runPage(rows, limit, summaryOf);
    },
    async listRunning() {
      await commits.flush();
      const { rows } = await pool.query<Row>(claimRunning([options.instanceId]));
      return rows.map(fromRow);
    },
    async latestByWorkflow() {
      await commits.flush();
      const { rows } = await pool.query<{ summary: string }>(SQL.latest());
      return Object.fromEntries(rows.map(summaryOf).map((summary) => [summary.workflowId as string, summary]));
    },
    flush: () => commits.flush(),
    async close() {
      clearInterval(heartbeat);
      await commits.flush();
      await pool.query(SQL.leave([options.instanceId]));
    },
  };
}
