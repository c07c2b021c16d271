import type { SavedWorkflow, Workflow, WorkflowStore } from '@pattern/core';
import type Database from 'better-sqlite3';

interface Row {
  id: string;
  document: string;
  created_at: string;
  updated_at: string;
}

export function createSqliteWorkflowStore(db: Database.Database): WorkflowStore {
  db.exec(`CREATE TABLE IF NOT EXISTS workflows (
    id TEXT PRIMARY KEY,
    document TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  )`);
  const all = db.prepare<[], Row>('SELECT id, document, created_at, updated_at FROM workflows ORDER BY id');
  const upsert = db.prepare<[string, string, string, string], Row>(
    `INSERT INTO workflows (id, document, created_at, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at
     RETURNING id, document, created_at, updated_at`,
  );
  const remove = db.prepare<[string]>('DELETE FROM workflows WHERE id = ?');
  const toSaved = (row: Row): SavedWorkflow => ({
    id: row.id,
    document: JSON.parse(row.document) as Workflow,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
  return {
    async list() {
      return all.all().map(toSaved);
    },
    async put(id, document) {
      const now = new Date().toISOString();
      return toSaved(upsert.get(id, JSON.stringify(document), now, now) as Row);
    },
    async delete(id) {
      return remove.run(id).changes > 0;
    },
    async close() {},
  };
}
