import { randomUUID } from 'node:crypto';
import type { Workflow } from './schema.ts';

export interface SavedWorkflow {
  id: string;
  /** The draft: what saving edits and the editor shows. */
  document: Workflow;
  /** Changes on every save; a save that names the revision it started from is refused once another save came first. */
  revision: string;
  createdAt: string;
  updatedAt: string;
  /** The published version routes and triggers run; null until the first publish. */
  activeVersion: number | null;
}

/** An immutable published version. `hash` covers the engine-relevant content of `document`. */
export interface WorkflowVersion {
  workflowId: string;
  version: number;
  document: Workflow;
  hash: string;
  note: string;
  createdAt: string;
}

/** Every change of the active version, so a rollback is on record and can itself be undone. */
export interface Activation {
  workflowId: string;
  version: number | null;
  previous: number | null;
  at: string;
}

/** Where saved workflows and their versions live; the server provides SQLite, tests use memory. */
export interface WorkflowStore {
  list(): Promise<SavedWorkflow[]>;
  get(id: string): Promise<SavedWorkflow | undefined>;
  put(id: string, document: Workflow): Promise<SavedWorkflow>;
  /** Saves only while the stored revision is `expected` (checked and set in one step, so of two such saves one loses); undefined when it is not, or nothing is stored. */
  putIfRevision(id: string, document: Workflow, expected: string): Promise<SavedWorkflow | undefined>;
  /** Deletes the workflow with its versions and activations. */
  delete(id: string): Promise<boolean>;
  versions(id: string): Promise<WorkflowVersion[]>;
  addVersion(version: WorkflowVersion): Promise<void>;
  deleteVersion(id: string, version: number): Promise<boolean>;
  activate(activation: Activation): Promise<void>;
  activations(id: string): Promise<Activation[]>;
  /** Calls back with a workflow's id when another process changed it (stores shared by several servers). */
  watch?(onChange: (id: string) => void): () => void;
  close(): Promise<void>;
}

export function createMemoryWorkflowStore(): WorkflowStore {
  const saved = new Map<string, SavedWorkflow>();
  const versions = new Map<string, WorkflowVersion[]>();
  const activations = new Map<string, Activation[]>();
  return {
    async list() {
      return [...saved.values()];
    },
    async get(id) {
      return saved.get(id);
    },
    async put(id, document) {
      const now = new Date().toISOString();
      const existing = saved.get(id);
      const entry = {
        id,
        document,
        revision: newRevision(),
        createdAt: existing?.createdAt ?? now,
        updatedAt: now,
        activeVersion: existing?.activeVersion ?? null,
      };
      saved.set(id, entry);
      return entry;
    },
    async putIfRevision(id, document, expected) {
      const existing = saved.get(id);
      if (existing?.revision !== expected) return undefined;
      const entry = { ...existing, document, revision: newRevision(), updatedAt: new Date().toISOString() };
      saved.set(id, entry);
      return entry;
    },
    async delete(id) {
      versions.delete(id);
      activations.delete(id);
      return saved.delete(id);
    },
    async versions(id) {
      return [...(versions.get(id) ?? [])];
    },
    async addVersion(version) {
      versions.set(version.workflowId, [...(versions.get(version.workflowId) ?? []), version]);
    },
    async deleteVersion(id, version) {
      const list = versions.get(id) ?? [];
      versions.set(
        id,
        list.filter((v) => v.version !== version),
      );
      return list.some((v) => v.version === version);
    },
    async activate(activation) {
      const entry = saved.get(activation.workflowId);
      if (entry) saved.set(activation.workflowId, { ...entry, activeVersion: activation.version });
      activations.set(activation.workflowId, [...(activations.get(activation.workflowId) ?? []), activation]);
    },
    async activations(id) {
      return [...(activations.get(id) ?? [])];
    },
    async close() {},
  };
}

/** A revision no other save of any workflow has: a random one, so a workflow deleted and saved again cannot repeat an old one. */
export function newRevision(): string {
  return randomUUID();
}
