import type { ValueLimits } from '../json/depth.ts';
import type { Logger } from '../logger.ts';
import type { ModDefinition, WorkflowActivity } from '../mods/define-mod.ts';
import type { Plan, RouteCheck } from '../workflow/compile.ts';
import type { WorkflowStore } from '../workflow/workflow-store.ts';
import type { RunRecord, RunSummary, RunTrigger } from './record.ts';
import type { RunStore } from './run-store.ts';
import type { SecretSource } from './secrets.ts';

export const DEFAULT_RUN_TIMEOUT_MS = 5 * 60_000;
export const DEFAULT_MAX_CONCURRENT_RUNS = 64;
export const DEFAULT_MAX_QUEUED_RUNS = 1024;

export interface EngineOptions {
  mods?: ModDefinition[];
  runStore?: RunStore;
  workflowStore?: WorkflowStore;
  runTimeoutMs?: number;
  /** Runs executing at once; more wait in a queue. */
  maxConcurrentRuns?: number;
  /** Of the `maxConcurrentRuns` slots, how many runs of one workflow may hold; default three quarters, rounded up. */
  maxConcurrentRunsPerWorkflow?: number;
  /** Runs waiting for a slot; beyond this, new runs are refused with `rate_limited`. */
  maxQueuedRuns?: number;
  /** Of the `maxQueuedRuns` places, how many runs of one workflow may take; default three quarters, rounded up. */
  maxQueuedRunsPerWorkflow?: number;
  log?: Logger;
  dataDir?: string;
  databaseUrl?: string;
  /** Start with whatever consumes work on its own (event triggers, projections) paused: handed to mods as `ctx.safeMode`. */
  safeMode?: boolean;
  /** Options per mod name, handed to that mod as `ctx.options`. */
  modOptions?: Record<string, Record<string, unknown>>;
  /** How deeply run values and stored data may nest; handed to ops and mods as `ctx.limits`. */
  limits?: Partial<ValueLimits>;
  /** The host's rule on which routes a workflow may serve; a refusal is a `route_reserved` problem. */
  routeCheck?: RouteCheck;
  /** How deeply runs may start child runs (`workflow.call`, `flow.map`, …); deeper is a `call_depth` failure. */
  maxCallDepth?: number;
  /** Which saved workflows are paused, as the host keeps it; mods read it through `ctx.host.workflows.isActive`. */
  workflowActivity?: WorkflowActivity;
  /** The host's named secrets, which node configs refer to as `{ "$secret": "name" }`; without it, none exist. */
  secrets?: SecretSource;
  /** What `ctx.now()` reads; `Date.now` unless a host fixes it (workflow tests do). */
  clock?: () => number;
}

export interface StartRunRequest {
  /** An inline document; compiled (and cached per object) unless `plan` or `workflowId` is given. */
  workflow?: unknown;
  workflowId?: string;
  workflowVersion?: number;
  plan?: Plan;
  input?: unknown;
  trigger?: RunTrigger;
  timeoutMs?: number;
}

/**
 * What the engine tells its subscribers, as it happens: a run recorded as started (its summary),
 * and a run settled, with its whole record, node traces included (a durable run suspended by a
 * stop has not settled: it is taken up again at the next start).
 */
export type EngineEvent = { type: 'started'; run: RunSummary } | { type: 'settled'; run: RunRecord };
