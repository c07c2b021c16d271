import { type Logger, type RunRecord, type RunStore, type RunSummary, silentLogger } from '@pattern/core';
import { migrate, named, type Pool, statement } from '@pattern/postgres';
import { type Graph, GraphHashes } from './graph-hashes.ts';
import { parseJsonb, toJsonbText } from './jsonb-text.ts';
import { runCommits } from './run-commits.ts';
import { pageLimit, runPage } from './run-page.ts';
import { type StoredParts, storedParts, truncateRecord, withheldParts } from './stored-record.ts';
import { decodeTraces } from './trace-codec.ts';

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
  // History written before kept the traces inside `record`; they read back from there.
  'ALTER TABLE runs ADD COLUMN IF NOT EXISTS traces JSONB',
  // How many runs there are, kept in step by every write and prune, so pruning never counts the table.
  'CREATE TABLE IF NOT EXISTS run_count (one BOOLEAN PRIMARY KEY DEFAULT true CHECK (one), n BIGINT NOT NULL)',
  'INSERT INTO run_count (one, n) SELECT true, (SELECT count(*) FROM runs) WHERE NOT EXISTS (SELECT 1 FROM run_count)',
];

const UPSERT = 'ON CONFLICT (id) DO UPDATE SET status = excluded.status, graph = excluded.graph, record = excluded.record, traces = excluded.traces';
/** Counts the rows a write added (not the ones it replaced) into `run_count`, in the same statement. */
const COUNTED = `RETURNING (xmax = 0) AS added
  )
  UPDATE run_count SET n = n + (SELECT count(*) FROM written WHERE added) RETURNING n`;
const WRITE_RUNS = `written AS (
    INSERT INTO runs (id, workflow_id, status, instance, graph, record, traces)
    SELECT id, wf, st, $7, gr, rec::jsonb, tr::jsonb
    FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS t(id, wf, st, gr, rec, tr)
    ${UPSERT} ${COUNTED}`;
const SQL = {
  writeRuns: statement(`WITH ${WRITE_RUNS}`),
  writeRunsAndGraphs: statement(`WITH graphs AS (
      INSERT INTO run_graphs (hash, graph) SELECT hash, graph::jsonb FROM unnest($8::text[], $9::text[]) AS g(hash, graph)
      ON CONFLICT (hash) DO NOTHING
    ), ${WRITE_RUNS}`),
  writeWithheld: statement(`WITH written AS (
      INSERT INTO runs (id, workflow_id, status, instance, graph, record, traces) VALUES ($1, $2, $3, $4, NULL, $5::jsonb, $6::jsonb)
      ${UPSERT} ${COUNTED}`),
  // The oldest runs beyond the newest $1, at most $2 of them, by the primary key; two servers
  // pruning at once delete each row once, and each subtracts only what it deleted.
  prune: statement(`WITH doomed AS (
      SELECT id FROM runs ORDER BY id LIMIT greatest(0, least($2::bigint, (SELECT n FROM run_count) - $1::bigint))
    ), gone AS (DELETE FROM runs r USING doomed d WHERE r.id = d.id RETURNING 1)
    UPDATE run_count SET n = n - (SELECT count(*) FROM gone)`),
  beat: statement('INSERT INTO instances (id, heartbeat_at) VALUES ($1, now()) ON CONFLICT (id) DO UPDATE SET heartbeat_at = now()'),
  leave: statement('DELETE FROM instances WHERE id = $1'),
  latest: statement(
    `SELECT DISTINCT ON (workflow_id) (record - 'nodes')::text AS summary FROM runs WHERE workflow_id IS NOT NULL ORDER BY workflow_id, id DESC`,
  ),
};
const WITH_GRAPH =
  'SELECT r.record::text AS record, r.traces::text AS traces, g.graph::text AS graph FROM runs r LEFT JOIN run_graphs g ON g.hash = r.graph';

/** Beyond the rows a batch adds, how many more old rows one prune removes: a backlog (a lowered `keep`) drains in small steps. */
const PRUNE_STEP = 64;

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

/** What a write answers: how many runs history holds now. */
interface CountRow {
  n: string;
}

interface Row {
  record: string;
  traces: string | null;
  graph: string | null;
}

const fromRow = (row: Row): RunRecord => {
  const stored = parseJsonb<RunRecord>(row.record);
  const record: RunRecord = { ...stored, nodes: row.traces === null ? (stored.nodes ?? {}) : decodeTraces(parseJsonb(row.traces), stored.startedAt) };
  if (row.graph) record.graph = parseJsonb<Graph>(row.graph);
  return record;
};
const summaryOf = (row: { summary: string }) => parseJsonb<RunSummary>(row.summary);

/** A run that has not settled has no traces yet: only its summary is written. */
const tracesOf = (run: RunRecord, parts: StoredParts): string | null =>
  run.status === 'running' && parts.traces === '[]' ? null : toJsonbText(parts.traces);

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
  // Whether the last write left more runs than history keeps; only then does a prune follow it.
  let over = false;
  const counted = (rows: CountRow[]) => {
    over ||= Number(rows[0]?.n ?? 0) > options.keep;
  };

  const write = async (batch: RunRecord[]) => {
    const fresh = new Map<string, string>();
    const ids: string[] = [];
    const workflows: Array<string | null> = [];
    const statuses: string[] = [];
    const graphKeys: Array<string | null> = [];
    const records: string[] = [];
    const traces: Array<string | null> = [];
    for (const run of batch) {
      const { graph, ...rest } = run;
      const parts = storedParts(rest, options.maxValueBytes);
      ids.push(run.id);
      workflows.push(run.workflowId ?? null);
      statuses.push(run.status);
      graphKeys.push(graph ? graphKey(graph, fresh) : null);
      records.push(toJsonbText(parts.summary));
      traces.push(tracesOf(run, parts));
    }
    // One statement, so one round trip and one commit, graphs and the count included.
    const values = [ids, workflows, statuses, graphKeys, records, traces, options.instanceId];
    const { rows } = await pool.query<CountRow>(
      fresh.size === 0 ? SQL.writeRuns(values) : SQL.writeRunsAndGraphs([...values, [...fresh.keys()], [...fresh.values()]]),
    );
    for (const hash of fresh.keys()) graphs.markWritten(hash);
    counted(rows);
  };
  const graphKey = (graph: Graph, fresh: Map<string, string>): string => {
    const { hash, text } = graphs.key(graph);
    if (text !== undefined) fresh.set(hash, toJsonbText(text));
    return hash;
  };

  const commits = runCommits(
    {
      write,
      writeWithheld: async (run) => {
        const { graph: _graph, ...rest } = run;
        const parts = withheldParts(rest);
        const { rows } = await pool.query<CountRow>(
          SQL.writeWithheld([run.id, run.workflowId ?? null, run.status, options.instanceId, toJsonbText(parts.summary), tracesOf(run, parts)]),
        );
        counted(rows);
      },
      prune: async (keep, added) => {
        if (!over) return;
        over = false;
        await pool.query(SQL.prune([keep, added + PRUNE_STEP]));
      },
    },
    { keep: options.keep, log: options.log ?? silentLogger },
  );
  const dead = `r.instance NOT IN (SELECT id FROM instances WHERE heartbeat_at > now() - make_interval(secs => ${(3 * heartbeatMs) / 1000}) AND id <> $1)`;
  // Claims the runs of dead servers in one statement, so two survivors never settle the same run.
  const claimRunning = statement(
    `WITH claimed AS (UPDATE runs r SET instance = $1 WHERE r.status = 'running' AND ${dead} RETURNING r.record, r.traces, r.graph)
     SELECT c.record::text AS record, c.traces::text AS traces, g.graph::text AS graph FROM claimed c LEFT JOIN run_graphs g ON g.hash = c.graph`,
  );

  return {
    recoveryIntervalMs: heartbeatMs * 3,
    save(run, saving) {
      return commits.add(run.id, run, saving?.provisional === true);
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
      if (query.workflowId?.includes(NUL) || query.parentRunId?.includes(NUL)) return { runs: [], next: null };
      const limit = pageLimit(query);
      const where: string[] = [];
      const values: unknown[] = [];
      const add = (sql: string, value: unknown) => {
        values.push(value);
        where.push(sql.replace('?', `$${values.length}`));
      };
      if (query.workflowId !== undefined) add('workflow_id = ?', query.workflowId);
      if (query.status !== undefined) add('status = ?', query.status);
      if (query.parentRunId !== undefined) add("record->>'parentRunId' = ?", query.parentRunId);
      if (query.topLevel) where.push("record->>'parentRunId' IS NULL");
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
