import type { Problem, RunRecord, RunSummary, Workflow } from '@pattern/core';

export type {
  CatalogOp,
  CatalogPort,
  NodeStatus,
  NodeTrace,
  Problem,
  RunRecord,
  RunStatus,
  RunSummary,
  Workflow,
  WorkflowEdge,
  WorkflowNode,
} from '@pattern/core';

/** A saved workflow as the list and the editor use it. */
export interface SavedWorkflow {
  id: string;
  document: Workflow;
  updatedAt?: string;
  readOnly: boolean;
  route?: { method: string; path: string };
  problems: Problem[];
}

export interface RunPage {
  runs: RunSummary[];
  next: string | null;
}

export type { RunRecord as Run };
