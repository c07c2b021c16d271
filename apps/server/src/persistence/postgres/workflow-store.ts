import type { Activation, SavedWorkflow, Workflow, WorkflowStore, WorkflowVersion } from '@pattern/core';
import { migrate, type Pool, transaction } from '@pattern/postgres';
import pg from 'pg';

const CHANNEL = 'pattern_workflows';

interface WorkflowRow {
  id: string;
  document: Workflow;
  created_at: Date;
  updated_at: Date;
  active_version: number | null;
}

/** Saved workflows in PostgreSQL. Every change is announced with NOTIFY so other servers reload it. */
export async function createPostgresWorkflowStore(pool: Pool, url: string): Promise<WorkflowStore> {
  await migrate(pool, 'workflows', [
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
  ]);
  const toSaved = (row: WorkflowRow): SavedWorkflow => ({
    id: row.id,
    document: row.document,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    activeVersion: row.active_version,
  });
  const notify = (client: pg.PoolClient | Pool, id: string) => client.query('SELECT pg_notify($1, $2)', [CHANNEL, id]);
  const listeners = new Set<(id: string) => void>();
  let listener: pg.Client | undefined;

  return {
    async list() {
      const { rows } = await pool.query<WorkflowRow>('SELECT * FROM workflows ORDER BY id');
      return rows.map(toSaved);
    },
    async get(id) {
      const { rows } = await pool.query<WorkflowRow>('SELECT * FROM workflows WHERE id = $1', [id]);
      return rows[0] ? toSaved(rows[0]) : undefined;
    },
    async put(id, document) {
      return transaction(pool, async (client) => {
        const { rows } = await client.query<WorkflowRow>(
          `INSERT INTO workflows (id, document, created_at, updated_at) VALUES ($1, $2, now(), now())
           ON CONFLICT (id) DO UPDATE SET document = excluded.document, updated_at = now() RETURNING *`,
          [id, JSON.stringify(document)],
        );
        await notify(client, id);
        return toSaved(rows[0] as WorkflowRow);
      });
    },
    async delete(id) {
      return transaction(pool, async (client) => {
        await client.query('DELETE FROM workflow_versions WHERE workflow_id = $1', [id]);
        await client.query('DELETE FROM workflow_activations WHERE workflow_id = $1', [id]);
        const { rowCount } = await client.query('DELETE FROM workflows WHERE id = $1', [id]);
        await notify(client, id);
        return (rowCount ?? 0) > 0;
      });
    },
    async versions(id) {
      const { rows } = await pool.query<{ workflow_id: string; version: number; document: string; hash: string; note: string; created_at: Date }>(
        'SELECT * FROM workflow_versions WHERE workflow_id = $1 ORDER BY version',
        [id],
      );
      return rows.map(
        (row): WorkflowVersion => ({
          workflowId: row.workflow_id,
          version: row.version,
          // Kept as the exact text that was hashed, so tampering shows.
          document: JSON.parse(row.document) as Workflow,
          hash: row.hash,
          note: row.note,
          createdAt: row.created_at.toISOString(),
        }),
      );
    },
    async addVersion(v) {
      await pool.query('INSERT INTO workflow_versions (workflow_id, version, document, hash, note, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
        v.workflowId,
        v.version,
        JSON.stringify(v.document),
        v.hash,
        v.note,
        v.createdAt,
      ]);
    },
    async deleteVersion(id, version) {
      const { rowCount } = await pool.query('DELETE FROM workflow_versions WHERE workflow_id = $1 AND version = $2', [id, version]);
      await notify(pool, id);
      return (rowCount ?? 0) > 0;
    },
    async activate(a: Activation) {
      await transaction(pool, async (client) => {
        await client.query('UPDATE workflows SET active_version = $1 WHERE id = $2', [a.version, a.workflowId]);
        await client.query('INSERT INTO workflow_activations (workflow_id, version, previous, at) VALUES ($1, $2, $3, $4)', [
          a.workflowId,
          a.version,
          a.previous,
          a.at,
        ]);
        await notify(client, a.workflowId);
      });
    },
    async activations(id) {
      const { rows } = await pool.query<{ workflow_id: string; version: number | null; previous: number | null; at: Date }>(
        'SELECT workflow_id, version, previous, at FROM workflow_activations WHERE workflow_id = $1 ORDER BY seq',
        [id],
      );
      return rows.map((row) => ({ workflowId: row.workflow_id, version: row.version, previous: row.previous, at: row.at.toISOString() }));
    },
    watch(onChange) {
      listeners.add(onChange);
      if (!listener) {
        const client = new pg.Client({ connectionString: url });
        listener = client;
        client.on('notification', (message) => {
          if (message.channel === CHANNEL && message.payload) for (const l of listeners) l(message.payload);
        });
        client.on('error', () => {});
        void client.connect().then(() => client.query(`LISTEN ${CHANNEL}`));
      }
      return () => listeners.delete(onChange);
    },
    async close() {
      listeners.clear();
      await listener?.end().catch(() => {});
    },
  };
}
