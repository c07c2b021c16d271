import type { RunRecord, RunStatus, RunSummary } from './record.ts';

export interface RunQuery {
  workflowId?: string;
  status?: RunStatus;
  /** Only the child runs this run started. */
  parentRunId?: string;
  /** Only runs no other run started (no `parentRunId`). */
  topLevel?: boolean;
  limit?: number;
  /** Opaque: the `next` of the previous page. */
  cursor?: string;
}

export interface RunPage {
  runs: RunSummary[];
  next: string | null;
}

export interface RunSaveOptions {
  /**
   * The record of a run just started, there only so that a crash leaves a trace of it: a store may
   * hold it for up to `START_RECORD_HOLD_MS` and, should the run's next record come first, write
   * only that one. A run that settles soon is then written once, not twice; one that runs longer is
   * recorded as running by then. `flush` writes held records at once.
   */
  provisional?: boolean;
}

/** How long a store may hold a provisional record (see `RunSaveOptions`). */
export const START_RECORD_HOLD_MS = 1000;

/**
 * Where run history lives. The engine answers for a settled run only once `save` has resolved,
 * so history never lacks a run someone was told about, even after a crash.
 */
export interface RunStore {
  /**
   * Records a run (again: a later record of the same run replaces the earlier). Resolves once it
   * is committed; implementations group records saved close together into one commit. Never
   * rejects: a record the store cannot take is stored as far as it can be, reported, and resolved.
   */
  save(run: RunRecord, options?: RunSaveOptions): Promise<void>;
  get(id: string): Promise<RunRecord | undefined>;
  list(query: RunQuery): Promise<RunPage>;
  /** Runs recorded as `running` that no live server is running: after a crash, the ones to settle as interrupted. */
  listRunning(): Promise<RunRecord[]>;
  /** For history shared by several servers: how often to look for runs of servers that died. */
  readonly recoveryIntervalMs?: number;
  /** The newest run of each workflow, by workflow id. */
  latestByWorkflow(): Promise<Record<string, RunSummary>>;
  /** Resolves once every record saved so far is committed. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export const DEFAULT_RUN_PAGE = 50;
export const MAX_RUN_PAGE = 500;

export function summarize(run: RunRecord): RunSummary {
  const { nodes: _nodes, graph: _graph, ...summary } = run;
  return summary;
}
