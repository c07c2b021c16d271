import type { ValueLimits } from '../json/depth.ts';
import type { Logger } from '../logger.ts';
import type { RunRecord, RunTrigger } from '../run/record.ts';

/**
 * Mods add their services to this map by declaration merging, so `ctx.services.get('store')`
 * is typed wherever the mod's types are imported:
 * `declare module '@pattern/core' { interface ServiceMap { store: StoreService } }`
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by mods through declaration merging
export interface ServiceMap {}

export interface Services {
  get<K extends keyof ServiceMap>(name: K): ServiceMap[K];
  get<T = unknown>(name: string): T;
  has(name: string): boolean;
}

/** What an HTTP route workflow answers with (set by `http.response`). */
export interface HttpResponseValue {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** A run of a saved workflow that a node starts as its child (`ctx.runWorkflow`). */
export interface ChildRunRequest {
  workflowId: string;
  /** A published version to run; by default the active one (the draft until the first publish). */
  version?: number;
  input?: unknown;
  /** Shown beside the child in its parent's trace: a map item's index, a branch's name. */
  key?: number | string;
  /** Cancels the child when aborted, besides the end of the calling run. */
  signal?: AbortSignal;
}

/** The run a node belongs to, as its op sees it. */
export interface RunInfo {
  readonly input: unknown;
  readonly workflowId: string | undefined;
  readonly trigger: RunTrigger;
  /**
   * The run's workflow is `durable`: a crash does not end it, the next server start runs it on
   * from its recorded nodes, so a node that was running runs again with the same idempotency key.
   */
  readonly durable: boolean;
}

export interface OpContext<C = Record<string, unknown>, P = unknown> {
  readonly runId: string;
  readonly nodeId: string;
  /**
   * The same for every execution of this node in this run (retries, and a durable run's re-run
   * after a crash), different for every other node, run and `ctx.call`: an op with side effects
   * passes it on (a stored result, an `Idempotency-Key` header) so that running again does not
   * do the effect twice.
   */
  readonly idempotencyKey: string;
  /** Aborted when the run is cancelled, times out, fails elsewhere, or the server stops; not when it ends ok, with no node left running. */
  readonly signal: AbortSignal;
  /** The node's settings (port constants excluded), parsed by the op's config schema. */
  readonly config: C;
  /** What the op's `prepare` derived for this node when its workflow was compiled. */
  readonly prepared: P;
  readonly services: Services;
  /** Lines logged here land in the node's trace and in the server log. */
  readonly log: Logger;
  readonly run: RunInfo;
  /** How deeply the values an op builds may nest (`limits.*` settings); deeper ones are refused with `too_deep`. */
  readonly limits: Readonly<ValueLimits>;
  /** Milliseconds since the epoch by the engine's clock: ops that read the time read it here, so workflow tests can fix it. */
  now(): number;
  /** Invokes another op inside this run; traced as a child call of this node. Throws on failure. */
  call(op: string, inputs?: Record<string, unknown>, config?: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Sets the run's output, or one key of it when several outputs build an object. */
  output(value: unknown, key?: string): void;
  /** Sets the HTTP response of a route workflow. */
  respond(response: HttpResponseValue): void;
  /** Marks a value as secret for the rest of the run: its history, events and logs show `[redacted]` wherever it appears. */
  redact(value: string): void;
  /**
   * Runs a saved workflow as a child of this node and resolves with its settled record, whatever
   * its status. The child is a run of its own (`parentRunId`, `parentNodeId` in history) that
   * starts at once, inside this run's admission slot; this run's end cancels it. Throws, before
   * starting anything, when the workflow does not exist, the input fails the workflow's
   * `inputSchema` (`invalid_input`), or calls would nest deeper than `runs.maxDepth`
   * (`call_depth`, naming the chain of workflows). An `ok` output its `outputSchema` refuses
   * throws `invalid_output`.
   */
  runWorkflow(request: ChildRunRequest): Promise<RunRecord>;
}
