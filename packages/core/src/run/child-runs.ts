import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { PatternError } from '../errors.ts';
import type { ChildRunRequest } from '../ops/op-context.ts';
import type { Plan } from '../workflow/compile.ts';
import type { Problem } from '../workflow/problem.ts';
import type { Workflow } from '../workflow/schema.ts';
import type { Workflows } from '../workflow/workflows.ts';
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
}

/** What a run that starts children is, to them. */
export interface ParentRun {
  readonly id: string;
  readonly chain: readonly string[];
  readonly status: string;
  readonly redactor: Redactor;
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
  private readonly watched = new WeakMap<AbortSignal, Set<() => void>>();
  /** The children each run still runs, by the parent's id: cancelled when it ends, without an abort signal per parent. */
  private readonly live = new Map<string, Set<ChildRun>>();

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
    const { plan, version } = await this.resolve(request);
    this.checkRunning(parent, request);
    const input = request.input ?? null;
    this.check(plan.workflow.inputSchema, input, 'invalid_input', `The input for workflow "${request.workflowId}" does not match its inputSchema`);
    const child = this.launch({
      plan,
      workflowId: request.workflowId,
      workflowVersion: version,
      input,
      parent: { runId: parent.id, nodeId, chain, redactor: parent.redactor },
      trigger: { kind: 'child', detail: parent.id },
    });
    const summary = this.traced(trace, child.id, request);
    let siblings = this.live.get(parent.id);
    if (!siblings) {
      siblings = new Set();
      this.live.set(parent.id, siblings);
    }
    siblings.add(child);
    const unwatch = request.signal
      ? this.watch(request.signal, () => {
          const code = (request.signal?.reason as { code?: string } | undefined)?.code ?? 'cancelled';
          child.cancel(`the calling node ${nodeId} of run ${parent.id} stopped it (${code})`, code);
        })
      : undefined;
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
      return record.output === undefined ? record : { ...record, output: child.output };
    } finally {
      unwatch?.();
      siblings.delete(child);
      if (siblings.size === 0 && this.live.get(parent.id) === siblings) this.live.delete(parent.id);
    }
  }

  private checkRunning(parent: ParentRun, request: ChildRunRequest): void {
    if (parent.status !== 'running')
      throw new PatternError('stopped', `The calling run ${parent.id} has ended (${parent.status})`, { runId: parent.id });
    if (request.signal?.aborted) throw request.signal.reason;
  }

  /** One abort listener per signal, however many children it stops: a map over many items would otherwise pile them up. */
  private watch(signal: AbortSignal, stop: () => void): () => void {
    let stops = this.watched.get(signal);
    if (!stops) {
      const all = new Set<() => void>();
      signal.addEventListener(
        'abort',
        () => {
          for (const each of [...all]) each();
        },
        { once: true },
      );
      this.watched.set(signal, all);
      stops = all;
    }
    stops.add(stop);
    return () => stops.delete(stop);
  }

  private async resolve(request: ChildRunRequest): Promise<{ plan: Plan; version: number | undefined }> {
    const { workflowId, version } = request;
    if (!this.workflows.get(workflowId)) {
      throw new PatternError('not_found', `There is no saved workflow "${workflowId}" to run (was it deleted?)`, { workflowId });
    }
    if (version === undefined) return this.workflows.runnable(workflowId);
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
    const summary: ChildRunTrace = {
      runId,
      workflowId: request.workflowId,
      ...(request.key !== undefined ? { key: request.key } : {}),
      status: 'running',
      startedAt: isoAt(Date.now()),
    };
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
