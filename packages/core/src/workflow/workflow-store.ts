import type { Workflow } from './schema.ts';

export interface SavedWorkflow {
  id: string;
  document: Workflow;
  createdAt: string;
  updatedAt: string;
}

/** Where saved workflows live; the server provides SQLite, tests use memory. */
export interface WorkflowStore {
  list(): Promise<SavedWorkflow[]>;
  put(id: string, document: Workflow): Promise<SavedWorkflow>;
  delete(id: string): Promise<boolean>;
  close(): Promise<void>;
}

export function createMemoryWorkflowStore(): WorkflowStore {
  const saved = new Map<string, SavedWorkflow>();
  return {
    async list() {
      return [...saved.values()];
    },
    async put(id, document) {
      const now = new Date().toISOString();
      const entry = { id, document, createdAt: saved.get(id)?.createdAt ?? now, updatedAt: now };
      saved.set(id, entry);
      return entry;
    },
    async delete(id) {
      return saved.delete(id);
    },
    async close() {},
  };
}
