import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { PatternError } from '../errors.ts';
import type { ChildRunRequest } from '../ops/op-context.ts';
import type { Plan } from '../workflow/compile.ts';
import type { Problem } from '../workflow/problem.ts';
import type { Workflow } from '../workflow/schema.ts';
import type { Workflows } from '../workflow/workflows.ts';
import type { LeftChild, LeftChildren } from './left-children.ts';
import type { ChildRunTrace, RunRecord, RunTrigger } from './record.ts';
import type { Redactor } from './secrets.ts';
import { isoAt, type TraceState } from './trace.ts';

export const DEFAULT_MAX_CALL_DEPTH = 16;
/** Child summaries a node's trace keeps; beyond, only the counts grow and history has the rest by `parentRunId`. */
export const MAX_TRACED_CHILDREN = 1000;
/** Compiled pinned versions kept; a version never changes once published, so a hit is always right. */
const PINNED_PLANS = 256;

/** Where a child run comes from, and the workflows from the root run down to it, so depth and cycles are known. */
export interface ParentLink {
  runId: string;
  nodeId: string;
  chain: readonly string[];
  /** The parent's: a secret either one reveals stays out of both records, whichever way the value travels. */
  redactor: Redactor;
  /** Set when the parent is durable: the child is durable too, and this is its place among the node's children. */
  childKey?: string;
}

/** What a run that starts children is, to them. */
export interface ParentRun {
  readonly id: string;
  readonly chain: readonly string[];
  readonly status: string;
  readonly redactor: Redactor;
  readonly info: { readonly durable: boolean };
  /** On a durable run taken up after a stop: the children it had started, for its nodes to find again. */
  readonly leftChildren?: LeftChildren;
}

/** A child run as its parent sees it: it settles once, and can be cancelled. */
export interface ChildRun {
  readonly id: string;
  readonly done: Promise<RunRecord>;
  /** The output as the run set it; its record shows secrets in it as `[redacted]`. */
  readonly output: unknown;
  cancel(reason: string, code: string): void;
}

export interface LaunchRequest {
  plan: Plan;
  workflowId: string;
  workflowVersion: number | undefined;
  input: unknown;
  parent: ParentLink;
  trigger: RunTrigger;
  /** The record of the child a stop left running at this place: it runs on under its own id, from its settled nodes. */
  left?: RunRecord;
}

/**
 * Runs of saved workflows started by a node of another run (`ctx.runWorkflow`). A child is a run
 * of its own, in history with `parentRunId`/`parentNodeId`; its parent's end (cancel, timeout, a
 * failure elsewhere, shutdown) cancels it. Children do not take admission slots: a parent holding
 * a slot while its children waited for one would deadlock once every slot held a parent.
 */
export class ChildRuns {
  private readonly maxDepth: number;
  private readonly ajv: Ajv;
  private readonly validators = new WeakMap<object, ValidateFunction>();
  private readonly pinned = new Map<string, Plan>();
  private readonly watched = new WeakMap<AbortSignal, Map<ChildRun, ParentLink>>();
  /** The children each run still runs, by the parent's id: cancelled when it ends, without an abort signal per parent. */
  private readonly live = new Map<string, Set<ChildRun>>();
  /** How many children without a `key` each node execution started: the `n` of a durable child's `callN` place. */
  private readonly calls = new WeakMap<TraceState, number>();

  /**
   * `launch` starts a run at once: a child runs inside its parent's admission slot, so it never
   * queues behind its parent.
   */
  constructor(
    maxDepth: number | undefined,
    private readonly workflows: Workflows,
    private readonly compile: (document: unknown) => Plan,
    private readonly launch: (request: LaunchRequest) => ChildRun,
  ) {
    this.maxDepth = maxDepth ?? DEFAULT_MAX_CALL_DEPTH;
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
  }

  /** Problems of a workflow's `inputSchema` and `outputSchema`; each is compiled once per workflow document. */
  schemaProblems(workflow: Workflow): Problem[] {
    const problems: Problem[] = [];
    for (const key of ['inputSchema', 'outputSchema'] as const) {
      const schema = workflow[key];
      if (!schema) continue;
      try {
        this.validator(schema);
      } catch (error) {
        problems.push({ code: 'invalid_shape', path: key, message: `${key} is not a JSON Schema Pattern can use: ${(error as Error).message}` });
      }
    }
    return problems;
  }

  /** A run is settling: the children it still runs are cancelled, with the reason it ended. */
  parentEnded(runId: string, code: string): void {
    const children = this.live.get(runId);
    if (!children) return;
    this.live.delete(runId);
    for (const child of children) child.cancel(`the calling run ${runId} ended (${code})`, code);
  }

  async run(parent: ParentRun, nodeId: string, trace: TraceState, request: ChildRunRequest): Promise<RunRecord> {
    this.checkRunning(parent, request);
    const chain = [...parent.chain, request.workflowId];
    if (chain.length - 1 > this.maxDepth) {
      throw new PatternError('call_depth', `Workflow calls nest deeper than ${this.maxDepth}: ${chain.join(' → ')}`, {
        chain,
        maxDepth: this.maxDepth,
      });
    }
    // Awaited even when the active version is at hand: a child starts a tick after the node asked,
    // so whoever subscribes right after starting a run hears of the children its first nodes start.
    const { plan, version } = await (request.version === undefined
      ? this.runnable(request.workflowId)
      : this.pinnedVersion(request.workflowId, request.version));
    this.checkRunning(parent, request);
    const input = request.input ?? null;
    this.check(plan.workflow.inputSchema, input, 'invalid_input', `The input for workflow "${request.workflowId}" does not match its inputSchema`);
    const childKey = parent.info.durable ? this.childKey(trace, request) : undefined;
    let left: LeftChild | undefined;
    if (childKey !== undefined && parent.leftChildren) {
      left = await parent.leftChildren.take(nodeId, childKey);
      if (left?.kind === 'ok') {
        // Ended `ok` before the stop: its effects are done, so its record answers.
        this.settled(trace, this.traced(trace, left.record.id, request), left.record);
        return left.record;
      }
      this.checkRunning(parent, request);
    }
    const link: ParentLink =
      childKey === undefined
        ? { runId: parent.id, nodeId, chain, redactor: parent.redactor }
        : { runId: parent.id, nodeId, chain, redactor: parent.redactor, childKey };
    const launch: LaunchRequest = {
      plan,
      workflowId: request.workflowId,
      workflowVersion: version,
      input,
      parent: link,
      trigger: { kind: 'child', detail: parent.id },
    };
    if (left) launch.left = left.record;
    const child = this.launch(launch);
    const summary = this.traced(trace, child.id, request);
    let siblings = this.live.get(parent.id);
    if (!siblings) {
      siblings = new Set();
      this.live.set(parent.id, siblings);
    }
    siblings.add(child);
    const stoppable = request.signal ? this.stoppedBy(request.signal) : undefined;
    stoppable?.set(child, link);
    try {
      const record = await child.done;
      this.settled(trace, summary, record);
      if (record.status === 'ok') {
        this.check(
          plan.workflow.outputSchema,
          child.output,
          'invalid_output',
          `Workflow "${request.workflowId}" gave an output its outputSchema refuses`,
        );
      }
      // The calling node gets what the child returned; the parent's record redacts it with the shared redactor.
      return record.output === child.output ? record : { ...record, output: child.output };
    } finally {
      stoppable?.delete(child);
      siblings.delete(child);
      if (siblings.size === 0 && this.live.get(parent.id) === siblings) this.live.delete(parent.id);
    }
  }

  /**
   * A durable child's place: the same for the same call when the node runs again after a stop, so
   * that it finds the child it started then. A keyed child (a map item, a branch) is at its key.
   */
  private childKey(trace: TraceState, request: ChildRunRequest): string {
    if (request.key !== undefined) return String(request.key);
    const n = (this.calls.get(trace) ?? 0) + 1;
    this.calls.set(trace, n);
    return `call${n}`;
  }

  private checkRunning(parent: ParentRun, request: ChildRunRequest): void {
    if (parent.status !== 'running')
      throw new PatternError('stopped', `The calling run ${parent.id} has ended (${parent.status})`, { runId: parent.id });
    if (request.signal?.aborted) throw request.signal.reason;
  }

  /**
   * The children a signal stops, each with the node that started it. One abort listener per signal
   * however many children it stops, and no closure per child: a map over many items starts many.
   */
  private stoppedBy(signal: AbortSignal): Map<ChildRun, ParentLink> {
    let children = this.watched.get(signal);
    if (!children) {
      const all = new Map<ChildRun, ParentLink>();
      signal.addEventListener(
        'abort',
        () => {
          const code = (signal.reason as { code?: string } | undefined)?.code ?? 'cancelled';
          for (const [child, { nodeId, runId }] of [...all]) child.cancel(`the calling node ${nodeId} of run ${runId} stopped it (${code})`, code);
        },
        { once: true },
      );
      this.watched.set(signal, all);
      children = all;
    }
    return children;
  }

  private runnable(workflowId: string): { plan: Plan; version: number | undefined } {
    this.requireSaved(workflowId);
    return this.workflows.runnable(workflowId);
  }

  private async pinnedVersion(workflowId: string, version: number): Promise<{ plan: Plan; version: number }> {
    this.requireSaved(workflowId);
    const stored = await this.workflows.version(workflowId, version);
    const key = `${workflowId}\u0000${version}\u0000${stored.hash}`;
    let plan = this.pinned.get(key);
    if (!plan) {
      plan = this.compile(stored.document);
      if (this.pinned.size >= PINNED_PLANS) this.pinned.delete(this.pinned.keys().next().value as string);
      this.pinned.set(key, plan);
    }
    return { plan, version };
  }

  private requireSaved(workflowId: string): void {
    if (!this.workflows.get(workflowId)) {
      throw new PatternError('not_found', `There is no saved workflow "${workflowId}" to run (was it deleted?)`, { workflowId });
    }
  }

  private check(schema: Record<string, unknown> | undefined, value: unknown, code: string, message: string): void {
    if (!schema) return;
    const validate = this.validator(schema);
    if (validate(value)) return;
    const errors = (validate.errors ?? []).slice(0, 10).map(describeError);
    throw new PatternError(code, `${message}: ${errors[0] ?? 'it does not match'}`, { errors });
  }

  private validator(schema: Record<string, unknown>): ValidateFunction {
    let validate = this.validators.get(schema);
    if (!validate) {
      validate = this.ajv.compile(schema);
      this.validators.set(schema, validate);
    }
    return validate;
  }

  private traced(trace: TraceState, runId: string, request: ChildRunRequest): ChildRunTrace | undefined {
    const children = (trace.children ??= { total: 0, ok: 0, error: 0, cancelled: 0, runs: [] });
    children.total++;
    if (children.runs.length >= MAX_TRACED_CHILDREN) return undefined;
    const { workflowId, key } = request;
    const startedAt = isoAt(Date.now());
    const summary: ChildRunTrace =
      key === undefined ? { runId, workflowId, status: 'running', startedAt } : { runId, workflowId, key, status: 'running', startedAt };
    children.runs.push(summary);
    return summary;
  }

  private settled(trace: TraceState, summary: ChildRunTrace | undefined, record: RunRecord): void {
    const children = trace.children;
    if (!children || record.status === 'running') return;
    children[record.status]++;
    if (!summary) return;
    summary.status = record.status;
    if (record.durationMs !== undefined) summary.durationMs = record.durationMs;
    if (record.error) summary.errorCode = record.error.code;
  }
}

function describeError(error: ErrorObject): string {
  return `${error.instancePath || '(the input)'} ${error.message ?? 'is not valid'}`;
}

/**
 * The node error for a child run that did not end `ok`: the child's code, and its run id in
 * `details`, so whoever reads the caller's failure can open the child's trace.
 */
export function childFailure(record: RunRecord): PatternError {
  const error = record.error ?? { code: record.status, message: `The run ended ${record.status}`, details: null };
  const nested = (error.details as { runId?: unknown } | null)?.runId !== undefined;
  const message = nested ? error.message : `Workflow "${record.workflowId}" failed: ${error.message}`;
  return new PatternError(error.code, message, {
    runId: record.id,
    workflowId: record.workflowId ?? null,
    ...(error.nodeId ? { nodeId: error.nodeId } : {}),
    error: error.details ?? null,
  });
}
