import type { Problem, RunStatus, RunSummary, Workflow } from '@pattern/core';

export type {
  CatalogOp,
  CatalogPort,
  NodeStatus,
  Problem,
  RunRecord,
  RunStatus,
  RunSummary,
  Workflow,
} from '@pattern/core';

/** A saved workflow as `GET /api/workflows` lists it. */
export interface WorkflowListing {
  id: string;
  name: string;
  description: string | null;
  /** `GET /hello/:name`, when the workflow serves a route. */
  route: string | null;
  readOnly: boolean;
  mod: string | null;
  createdAt: string;
  updatedAt: string;
  problems: Problem[];
  lastRun: { id: string; status: RunStatus; startedAt: string } | null;
}

/** One saved workflow with its document, as `GET/PUT /api/workflows/:id` answer. */
export interface SavedWorkflow extends Omit<WorkflowListing, 'lastRun'> {
  document: Workflow;
}

export interface RunPage {
  runs: RunSummary[];
  next: string | null;
}
