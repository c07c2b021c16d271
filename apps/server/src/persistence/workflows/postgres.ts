import {
  type Activation,
  type Logger,
  newRevision,
  type SavedWorkflow,
  silentLogger,
  type Workflow,
  type WorkflowStore,
  type WorkflowVersion,
} from '@pattern/core';
import { type Listener, listen, migrate, type Pool, type PoolClient, statement, transaction } from '@pattern/postgres';

/** Where every change of a saved workflow is announced, with its id as the payload. */
const CHANNEL = 'pattern_workflows';

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS workflows (
    id TEXT PRIMARY KEY,
    document JSONB NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    active_version INTEGER
  )`,
  `CREATE TABLE IF NOT EXISTS workflow_versions (
    workflow_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    document TEXT NOT NULL,
    hash TEXT NOT NULL,
    note TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (workflow_id, version)
  )`,
  `CREATE TABLE IF NOT EXISTS workflow_activations (
    seq BIGSERIAL PRIMARY KEY,
    workflow_id TEXT NOT NULL,
    version INTEGER,
    previous INTEGER,
    at TIMESTAMPTZ NOT NULL
  )`,
  // Databases from before revisions: the default gives every existing row one of its own.
  `ALTER TABLE workflows ADD COLUMN IF NOT EXISTS revision TEXT NOT NULL DEFAULT md5(random()::text || clock_timestamp()::text)`,
];

// Columns by name: a named statement's result must keep its shape when a later version adds a column.
const WORKFLOW = 'id, document, revision, created_at, updated_at, active_version';
const VERSION = 'workflow_id, version, document, hash, note, created_at';

const SQL = {
  list: statement(`SELECT ${WORKFLOW} FROM workflows ORDER BY id`),
  ids: statement('SELECT id FROM workflows'),
  get: statement(`SELECT ${WORKFLOW} FROM workflows WHERE id = $1`),
  put: statement(`INSERT INTO workflows (id, document, revision, created_at, updated_at) VALUES ($1, $2, $3, now(), now())
    ON CONFLICT (id) DO UPDATE SET document = excluded.document, revision = excluded.revision, updated_at = now() RETURNING ${WORKFLOW}`),
  // Under READ COMMITTED a second such UPDATE waits for the first and re-checks the revision, so only one wins.
  putIfRevision: statement(
    `UPDATE workflows SET document = $2, revision = $3, updated_at = now() WHERE id = $1 AND revision = $4 RETURNING ${WORKFLOW}`,
  ),
  delete: statement('DELETE FROM workflows WHERE id = $1'),
  deleteVersions: statement('DELETE FROM workflow_versions WHERE workflow_id = $1'),
  deleteActivations: statement('DELETE FROM workflow_activations WHERE workflow_id = $1'),
  versions: statement(`SELECT ${VERSION} FROM workflow_versions WHERE workflow_id = $1 ORDER BY version`),
  addVersion: statement('INSERT INTO workflow_versions (workflow_id, version, document, hash, note, created_at) VALUES ($1, $2, $3, $4, $5, $6)'),
  deleteVersion: statement('DELETE FROM workflow_versions WHERE workflow_id = $1 AND version = $2'),
  setActive: statement('UPDATE workflows SET active_version = $1 WHERE id = $2'),
  logActivation: statement('INSERT INTO workflow_activations (workflow_id, version, previous, at) VALUES ($1, $2, $3, $4)'),
  activations: statement('SELECT workflow_id, version, previous, at FROM workflow_activations WHERE workflow_id = $1 ORDER BY seq'),
  notify: statement('SELECT pg_notify($1, $2)'),
};

interface WorkflowRow {
  id: string;
  document: Workflow;
  revision: string;
  created_at: Date;
  updated_at: Date;
  active_version: number | null;
}

interface VersionRow {
  workflow_id: string;
  version: number;
  document: string;
  hash: string;
  note: string;
  created_at: Date;
}

const toSaved = (row: WorkflowRow): SavedWorkflow => ({
  id: row.id,
  document: row.document,
  revision: row.revision,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
  activeVersion: row.active_version,
});

const toVersion = (row: VersionRow): WorkflowVersion => ({
  workflowId: row.workflow_id,
  version: row.version,
  // Kept as the exact text that was hashed, so tampering shows.
  document: JSON.parse(row.document) as Workflow,
  hash: row.hash,
  note: row.note,
  createdAt: row.created_at.toISOString(),
});

/**
 * Saved workflows in PostgreSQL. Every change is announced with NOTIFY so other servers reload
 * it. The listener makes its connection again when it is lost; what changed meanwhile was never
 * announced, so every workflow this store has seen or the database holds is then reported changed.
 */
export async function createPostgresWorkflowStore(pool: Pool, log: Logger = silentLogger): Promise<WorkflowStore> {
  await migrate(pool, 'workflows', SCHEMA);
  const notify = (client: PoolClient | Pool, id: string) => client.query(SQL.notify([CHANNEL, id]));
  const watchers = new Set<(id: string) => void>();
  /** Every id this store handed out or heard of: one of them may have been deleted while the listener was away. */
  const seen = new Set<string>();
  let listener: Listener | undefined;

  const changed = (id: string) => {
    seen.add(id);
    for (const watcher of watchers) watcher(id);
  };
  const resync = async () => {
    const { rows } = await pool.query<{ id: string }>(SQL.ids());
    for (const id of new Set([...seen, ...rows.map((row) => row.id)])) changed(id);
  };

  return {
    async list() {
      const { rows } = await pool.query<WorkflowRow>(SQL.list());
      for (const row of rows) seen.add(row.id);
      return rows.map(toSaved);
    },
    async get(id) {
      const { rows } = await pool.query<WorkflowRow>(SQL.get([id]));
      if (rows[0]) seen.add(id);
      return rows[0] ? toSaved(rows[0]) : undefined;
    },
    async put(id, document) {
      return transaction(pool, async (client) => {
        const { rows } = await client.query<WorkflowRow>(SQL.put([id, JSON.stringify(document), newRevision()]));
        await notify(client, id);
        seen.add(id);
        return toSaved(rows[0] as WorkflowRow);
      });
    },
    async putIfRevision(id, document, expected) {
      return transaction(pool, async (client) => {
        const { rows } = await client.query<WorkflowRow>(SQL.putIfRevision([id, JSON.stringify(document), newRevision(), expected]));
        if (!rows[0]) return undefined;
        await notify(client, id);
        seen.add(id);
        return toSaved(rows[0]);
      });
    },
    async delete(id) {
      return transaction(pool, async (client) => {
        await client.query(SQL.deleteVersions([id]));
        await client.query(SQL.deleteActivations([id]));
        const { rowCount } = await client.query(SQL.delete([id]));
        await notify(client, id);
        return (rowCount ?? 0) > 0;
      });
    },
    async versions(id) {
      const { rows } = await pool.query<VersionRow>(SQL.versions([id]));
      return rows.map(toVersion);
    },
    async addVersion(v) {
      await pool.query(SQL.addVersion([v.workflowId, v.version, JSON.stringify(v.document), v.hash, v.note, v.createdAt]));
    },
    async deleteVersion(id, version) {
      const { rowCount } = await pool.query(SQL.deleteVersion([id, version]));
      await notify(pool, id);
      return (rowCount ?? 0) > 0;
    },
    async activate(a: Activation) {
      await transaction(pool, async (client) => {
        await client.query(SQL.setActive([a.version, a.workflowId]));
        await client.query(SQL.logActivation([a.workflowId, a.version, a.previous, a.at]));
        await notify(client, a.workflowId);
      });
    },
    async activations(id) {
      const { rows } = await pool.query<{ workflow_id: string; version: number | null; previous: number | null; at: Date }>(SQL.activations([id]));
      return rows.map((row) => ({ workflowId: row.workflow_id, version: row.version, previous: row.previous, at: row.at.toISOString() }));
    },
    watch(onChange) {
      watchers.add(onChange);
      listener ??= listen(pool, CHANNEL, (id) => id && changed(id), {
        onReconnect: () => {
          log.info('workflow changes are heard again; reloading every saved workflow');
          resync().catch((error: unknown) => log.error('reloading saved workflows after a lost connection failed', { error: String(error) }));
        },
        onError: (error) =>
          log.warn('lost the connection that hears of workflow changes from other servers; connecting again', { error: String(error) }),
      });
      return () => watchers.delete(onChange);
    },
    async close() {
      watchers.clear();
      await listener?.close();
    },
  };
}
