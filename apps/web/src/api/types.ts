import type { InferResponseType } from 'hono/client';
import type { server } from './server.ts';

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
export type WorkflowListing = InferResponseType<typeof server.api.workflows.$get>['workflows'][number];

/** One saved workflow with its document, as `GET/PUT /api/workflows/:id` answer. */
export type SavedWorkflow = InferResponseType<(typeof server.api.workflows)[':id']['$get']>;

/** A page of run history, newest first. */
export type RunPage = InferResponseType<typeof server.api.runs.$get>;
