import { type Activation, newRevision, type SavedWorkflow, type Workflow, type WorkflowStore, type WorkflowVersion } from '@pattern/core';
import type Database from 'better-sqlite3';

interface WorkflowRow {
  id: string;
  document: string;
  revision: string;
  created_at: string;
  updated_at: string;
  active_version: number | null;
}

interface VersionRow {
  workflow_id: string;
  version: number;
  document: string;
  hash: string;
  note: string;
  created_at: string;
}

interface ActivationRow {
  workflow_id: string;
  version: number | null;
  previous: number | null;
  at: string;
}

export function createSqliteWorkflowStore(db: Database.Database): WorkflowStore {
  db.exec(`CREATE TABLE IF NOT EXISTS workflows (
    id TEXT PRIMARY KEY,
    document TEXT NOT NULL,
    revision TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    active_version INTEGER
  );
  CREATE TABLE IF NOT EXISTS workflow_versions (
    workflow_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    document TEXT NOT NULL,
    hash TEXT NOT NULL,
    note TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (workflow_id, version)
  );
  CREATE TABLE IF NOT EXISTS workflow_activations (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    workflow_id TEXT NOT NULL,
    version INTEGER,
    previous INTEGER,
    at TEXT NOT NULL
  );`);
  addRevisions(db);
  const columns = 'id, document, revision, created_at, updated_at, active_version';
  const all = db.prepare<[], WorkflowRow>(`SELECT ${columns} FROM workflows ORDER BY id`);
  const one = db.prepare<[string], WorkflowRow>(`SELECT ${columns} FROM workflows WHERE id = ?`);
  const upsert = db.prepare<[string, string, string, string, string], WorkflowRow>(
    `INSERT INTO workflows (id, document, revision, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET document = excluded.document, revision = excluded.revision, updated_at = excluded.updated_at
     RETURNING ${columns}`,
  );
  const update = db.prepare<[string, string, string, string, string], WorkflowRow>(
    `UPDATE workflows SET document = ?, revision = ?, updated_at = ? WHERE id = ? AND revision = ? RETURNING ${columns}`,
  );
  const remove = db.prepare<[string]>('DELETE FROM workflows WHERE id = ?');
  const removeVersions = db.prepare<[string]>('DELETE FROM workflow_versions WHERE workflow_id = ?');
  const removeActivations = db.prepare<[string]>('DELETE FROM workflow_activations WHERE workflow_id = ?');
  const versions = db.prepare<[string], VersionRow>('SELECT * FROM workflow_versions WHERE workflow_id = ? ORDER BY version');
  const addVersion = db.prepare<[string, number, string, string, string, string]>(
    'INSERT INTO workflow_versions (workflow_id, version, document, hash, note, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const deleteVersion = db.prepare<[string, number]>('DELETE FROM workflow_versions WHERE workflow_id = ? AND version = ?');
  const setActive = db.prepare<[number | null, string]>('UPDATE workflows SET active_version = ? WHERE id = ?');
  const logActivation = db.prepare<[string, number | null, number | null, string]>(
    'INSERT INTO workflow_activations (workflow_id, version, previous, at) VALUES (?, ?, ?, ?)',
  );
  const activations = db.prepare<[string], ActivationRow>(
    'SELECT workflow_id, version, previous, at FROM workflow_activations WHERE workflow_id = ? ORDER BY seq',
  );
  const deleteAll = db.transaction((id: string) => {
    removeVersions.run(id);
    removeActivations.run(id);
    return remove.run(id).changes > 0;
  });
  const activate = db.transaction((a: Activation) => {
    setActive.run(a.version, a.workflowId);
    logActivation.run(a.workflowId, a.version, a.previous, a.at);
  });

  const toSaved = (row: WorkflowRow): SavedWorkflow => ({
    id: row.id,
    document: JSON.parse(row.document) as Workflow,
    revision: row.revision,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    activeVersion: row.active_version,
  });
  return {
    async list() {
      return all.all().map(toSaved);
    },
    async get(id) {
      const row = one.get(id);
      return row ? toSaved(row) : undefined;
    },
    async put(id, document) {
      const now = new Date().toISOString();
      return toSaved(upsert.get(id, JSON.stringify(document), newRevision(), now, now) as WorkflowRow);
    },
    async putIfRevision(id, document, expected) {
      const row = update.get(JSON.stringify(document), newRevision(), new Date().toISOString(), id, expected);
      return row ? toSaved(row) : undefined;
    },
    async delete(id) {
      return deleteAll(id);
    },
    async versions(id) {
      return versions.all(id).map(
        (row): WorkflowVersion => ({
          workflowId: row.workflow_id,
          version: row.version,
          document: JSON.parse(row.document) as Workflow,
          hash: row.hash,
          note: row.note,
          createdAt: row.created_at,
        }),
      );
    },
    async addVersion(v) {
      addVersion.run(v.workflowId, v.version, JSON.stringify(v.document), v.hash, v.note, v.createdAt);
    },
    async deleteVersion(id, version) {
      return deleteVersion.run(id, version).changes > 0;
    },
    async activate(a) {
      activate(a);
    },
    async activations(id) {
      return activations.all(id).map((row) => ({ workflowId: row.workflow_id, version: row.version, previous: row.previous, at: row.at }));
    },
    async close() {},
  };
}

/** Data dirs from before revisions: each saved workflow gets one. */
function addRevisions(db: Database.Database): void {
  const has = db.prepare<[string], { name: string }>('SELECT name FROM pragma_table_info(?)').all('workflows');
  if (has.some((column) => column.name === 'revision')) return;
  db.transaction(() => {
    db.exec('ALTER TABLE workflows ADD COLUMN revision TEXT');
    const ids = db.prepare<[], { id: string }>('SELECT id FROM workflows').all();
    const set = db.prepare<[string, string]>('UPDATE workflows SET revision = ? WHERE id = ?');
    for (const { id } of ids) set.run(newRevision(), id);
  })();
}
