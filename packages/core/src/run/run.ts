import { PatternError, toErrorBody } from '../errors.ts';
import { tooDeepEntry, type ValueLimits } from '../json/depth.ts';
import type { Logger } from '../logger.ts';
import { ERROR_PORT, type OpDefinition, type PrepareEnv } from '../ops/define-op.ts';
import type { ChildRunRequest, HttpResponseValue, OpContext, Services } from '../ops/op-context.ts';
import type { Plan, PlanNode, Target } from '../workflow/compile.ts';
import type { ParentLink, ParentRun } from './child-runs.ts';
import type { Deadlines } from './deadlines.ts';
import { checkedInputs, type InputCheck, type InputChecks } from './inputs.ts';
import { NodeContext } from './node-context.ts';
import type { NodeOwner } from './node-owner.ts';
import { callOp } from './op-call.ts';
import type { ErrorValue, NodeStatus, NodeTrace, RunRecord, RunStatus, RunTrigger } from './record.ts';
import { retryNode } from './retry.ts';
import { type Redactor, redactRecord, runRedactor, type SecretSource, withNodeSecrets } from './secrets.ts';
import { isoAt, nodeTraceOf, roundMs, type TraceState } from './trace.ts';

const PENDING = 0;
const RUNNING = 1;
const OK = 2;
const ERROR = 3;
const SKIPPED = 4;
const STATUS: NodeStatus[] = ['pending', 'running', 'ok', 'error', 'skipped'];

export type RunEvent =
  | { type: 'node'; runId: string; nodeId: string; status: NodeStatus; durationMs?: number; error?: ErrorValue }
  | { type: 'settled'; runId: string; run: RunRecord };

/** What a run needs from the engine that hosts it. */
export interface RunHost extends Pick<NodeOwner['host'], 'now'> {
  readonly services: Services;
  readonly log: Logger;
  readonly limits: Readonly<ValueLimits>;
  /** What `ctx.call` hands the op it calls to prepare with. */
  readonly prepareEnv: PrepareEnv;
  readonly secrets?: SecretSource;
  readonly inputChecks: InputChecks;
  readonly deadlines: Deadlines;
  lookup(op: string): OpDefinition | undefined;
  /** Called once, when the run settles; the host runs hooks, persists, then calls `finish`. */
  settled(run: Run): void;
  /** `ctx.runWorkflow`: a run of a saved workflow as a child of a node of this run. */
  runChild(parent: ParentRun, nodeId: string, trace: TraceState, request: ChildRunRequest): Promise<RunRecord>;
}

export interface RunParams {
  id: string;
  plan: Plan;
  input: unknown;
  workflowId: string | undefined;
  workflowVersion: number | undefined;
  trigger: RunTrigger;
  timeoutMs: number;
  /** Set for a child run (`ctx.runWorkflow`). */
  parent?: ParentLink;
}

/**
 * One execution of a plan. A node starts as soon as its last wired input arrives (or its first,
 * for `waitFor: 'any'`); a port a node does not emit skips what depends on it. State lives in
 * typed arrays indexed like the plan, so the cost per node does not grow with the graph.
 */
export class Run implements NodeOwner {
  readonly id: string;
  readonly plan: Plan;
  readonly host: RunHost;
  readonly info: OpContext['run'];
  readonly workflowVersion: number | undefined;
  readonly parent: ParentLink | undefined;
  /** The workflows from the root run down to this one: how deep calls nest, and through what. */
  readonly chain: readonly string[];
  readonly startedAt = Date.now();
  readonly done: Promise<RunRecord>;
  /** Knows every secret value this run revealed, so that none reaches its records, events or logs. */
  readonly redactor: Redactor;
  status: RunStatus = 'running';
  error: ErrorValue | undefined;
  output: unknown;
  /** The HTTP response of a route workflow, once `http.response` set it. */
  get response(): HttpResponseValue | undefined {
    return this.httpResponse;
  }
  endedAt: number | undefined;

  private readonly perfOrigin = performance.now();
  /** The same object for every record of this run, so stores can recognise a graph they have seen. */
  private readonly graph: NonNullable<RunRecord['graph']>;
  /** Per node: status at `i`, wired inputs to come at `size + i`, skipped at `2 * size + i`; one typed array, for making each costs a small run dear. */
  private readonly state: Int32Array;
  private readonly size: number;
  private readonly inputs: Array<Record<string, unknown> | undefined>;
  private readonly traces: Array<TraceState | undefined>;
  private listeners: Set<(event: RunEvent) => void> | undefined;
  private httpResponse: HttpResponseValue | undefined;
  private decided = 0;
  private hasStarted = false;
  private readonly checks: readonly InputCheck[];
  /** Nodes whose inputs are complete, run in turn: a synchronous op completes without a hop, and a long chain needs no deep stack. */
  private readonly ready: number[] = [];
  private draining = false;
  private resolveDone!: (record: RunRecord) => void;
  /** Made on first use: most runs never hand their signal to an op that listens. */
  private abortController: AbortController | undefined;

  constructor(host: RunHost, params: RunParams) {
    this.host = host;
    this.id = params.id;
    this.plan = params.plan;
    this.workflowVersion = params.workflowVersion;
    this.parent = params.parent;
    this.redactor = runRedactor(params);
    this.chain = params.parent?.chain ?? [params.workflowId ?? '(inline)'];
    this.info = { input: params.input, workflowId: params.workflowId, trigger: params.trigger, durable: params.plan.workflow.durable === true };
    const size = params.plan.nodes.length;
    this.size = size;
    this.state = new Int32Array(3 * size);
    this.state.set(params.plan.wiredCounts, size);
    this.inputs = new Array(size);
    this.traces = new Array(size);
    this.graph = params.plan.graph;
    this.done = new Promise((resolve) => {
      this.resolveDone = resolve;
    });
    this.checks = host.inputChecks.of(params.plan);
    this.iso = (perf) => isoAt(Math.floor(this.startedAt + (perf - this.perfOrigin)));
    host.deadlines.watch(this, params.timeoutMs);
  }

  get signal(): AbortSignal {
    this.abortController ??= new AbortController();
    if (this.status !== 'running' && this.status !== 'ok' && !this.abortController.signal.aborted) this.abortController.abort(this.abortReason());
    return this.abortController.signal;
  }

  /** Whether the run got a slot and began executing (a queued run may settle before it does). */
  get started(): boolean {
    return this.hasStarted;
  }

  start(): void {
    if (this.status !== 'running') return;
    this.hasStarted = true;
    this.draining = true;
    for (const root of this.plan.roots) this.fire(root);
    this.drain();
    if (this.plan.nodes.length === 0) this.settle('ok');
  }

  cancel(reason = 'cancelled by request', code = 'cancelled'): void {
    this.settle('cancelled', { code, message: `The run was cancelled: ${reason}`, details: null });
  }

  subscribe(listener: (event: RunEvent) => void): () => void {
    (this.listeners ??= new Set()).add(listener);
    return () => this.listeners?.delete(listener);
  }

  setOutput(value: unknown, key?: string): void {
    if (key === undefined) this.output = value;
    else {
      const base = this.output !== null && typeof this.output === 'object' && !Array.isArray(this.output) ? this.output : {};
      this.output = { ...base, [key]: value };
    }
  }

  setResponse(response: HttpResponseValue): void {
    this.httpResponse = response;
  }

  /** `ctx.call`: runs another op inside this run, traced under the calling node. */
  callOp(
    nodeId: string,
    trace: TraceState,
    name: string,
    given: Record<string, unknown>,
    config: Record<string, unknown>,
    keySuffix: string,
  ): Promise<Record<string, unknown>> {
    return callOp(this, this.host, nodeId, trace, name, given, config, keySuffix);
  }

  private fire(index: number): void {
    this.state[index] = RUNNING;
    this.traces[index] = { start: performance.now() };
    this.emitNode(index);
    this.ready.push(index);
    if (!this.draining) this.drain();
  }

  private drain(): void {
    this.draining = true;
    for (let i = 0; i < this.ready.length && this.status === 'running'; i++) this.execute(this.plan.nodes[this.ready[i] as number] as PlanNode);
    this.ready.length = 0;
    this.draining = false;
  }

  private execute(node: PlanNode, given?: Record<string, unknown>, use: { settings: unknown; prepared: unknown } = node): void {
    const { index } = node;
    const trace = this.traces[index] as TraceState;
    // A node with no wired input runs on its frozen constants; secrets are filled into a copy.
    const values = given ?? this.inputs[index] ?? (node.secrets ? { ...node.constants } : (this.checks[index] as InputCheck).constants);
    if (node.secrets && !given) {
      withNodeSecrets(node, values, this).then((resolved) => this.execute(node, values, resolved), this.fail.bind(this, index, trace));
      return;
    }
    let result: unknown;
    try {
      trace.inputs = checkedInputs(this.checks[index] as InputCheck, values, trace);
      result = node.op.run(trace.inputs, new NodeContext(this, node.id, use.settings, trace, use.prepared));
    } catch (error) {
      result = Promise.reject(error);
    }
    if (typeof (result as PromiseLike<unknown> | null)?.then !== 'function') this.complete(index, trace, result);
    else Promise.resolve(result).then((outputs) => this.complete(index, trace, outputs), this.fail.bind(this, index, trace));
  }

  private complete(index: number, trace: TraceState, result: unknown): void {
    if (this.status !== 'running') return;
    const node = this.plan.nodes[index];
    if (!node) return;
    trace.end = performance.now();
    const outputs = result !== null && typeof result === 'object' ? (result as Record<string, unknown>) : {};
    // Checked here, so no value a run hands on or records can be too deep to serialize.
    const deep = tooDeepEntry(outputs, this.host.limits.maxValueDepth, 'Output');
    if (deep) {
      this.fail(index, trace, deep);
      return;
    }
    trace.outputs = outputs;
    this.state[index] = OK;
    this.decided++;
    this.emitNode(index);
    for (const { port, to } of node.targets) {
      const value = port === ERROR_PORT ? undefined : outputs[port];
      for (const target of to) {
        if (value === undefined) this.skipInput(target);
        else this.deliver(target, value);
      }
    }
    this.checkDone();
  }

  private fail(index: number, trace: TraceState, error: unknown): void {
    const node = this.plan.nodes[index];
    if (this.status !== 'running' || !node) return;
    const body = toErrorBody(error);
    if (retryNode(this, this.plan.workflow.nodes[index]?.retry, trace, body, () => this.execute(node))) return;
    trace.end = performance.now();
    trace.error = body;
    this.state[index] = ERROR;
    this.decided++;
    this.emitNode(index);
    if (!node.errorWired) {
      this.settle('error', { ...body, nodeId: node.id });
      return;
    }
    for (const { port, to } of node.targets) {
      for (const target of to) {
        if (port === ERROR_PORT) this.deliver(target, body);
        else this.skipInput(target);
      }
    }
    this.checkDone();
  }

  private deliver(target: Target, value: unknown): void {
    const index = target.node;
    if (this.state[index] !== PENDING || this.status !== 'running') return;
    const node = this.plan.nodes[index];
    if (!node) return;
    (this.inputs[index] ??= { ...node.constants })[target.port] = target.control ? true : value;
    const left = (this.state[this.size + index] as number) - 1;
    this.state[this.size + index] = left;
    if (node.op.waitFor === 'any' || left === 0) this.fire(index);
  }

  /** A wired input that will never arrive: skips the node (for `any`, once every input is skipped), transitively. */
  private skipInput(first: Target): void {
    const stack = [first];
    for (let target = stack.pop(); target !== undefined; target = stack.pop()) {
      const index = target.node;
      if (this.state[index] !== PENDING) continue;
      const node = this.plan.nodes[index];
      if (!node) continue;
      const skipped = (this.state[2 * this.size + index] as number) + 1;
      this.state[2 * this.size + index] = skipped;
      this.state[this.size + index] = (this.state[this.size + index] as number) - 1;
      if (node.op.waitFor === 'any' && skipped < node.wired) continue;
      this.state[index] = SKIPPED;
      this.decided++;
      this.emitNode(index);
      for (const { to } of node.targets) for (const next of to) stack.push(next);
    }
  }

  private checkDone(): void {
    if (this.status === 'running' && this.decided === this.plan.nodes.length) this.settle('ok');
  }

  /** The one transition out of `running`. Everything still pending is skipped; what still runs is stopped. */
  settle(status: Exclude<RunStatus, 'running'>, error?: ErrorValue): void {
    if (this.status !== 'running') return;
    this.status = status;
    this.error = error;
    this.endedAt = Date.now();
    this.host.deadlines.forget(this);
    const now = performance.now();
    for (let i = 0; i < this.size; i++) {
      if (this.state[i] === PENDING) {
        this.state[i] = SKIPPED;
        this.emitNode(i);
      } else if (this.state[i] === RUNNING) {
        this.state[i] = ERROR;
        const trace = this.traces[i];
        if (trace) {
          trace.end = now;
          trace.error = { code: 'stopped', message: `Stopped because the run ended (${error?.code ?? status})`, details: null };
        }
        this.emitNode(i);
      }
    }
    // Ok means every node is done: nothing is left to stop, and an abort (an error, events) costs a short run dearly.
    if (status !== 'ok' && this.abortController && !this.abortController.signal.aborted) this.abortController.abort(this.abortReason());
    this.host.settled(this);
  }

  private abortReason(): PatternError {
    return new PatternError(this.error?.code ?? 'settled', this.error?.message ?? `The run ended: ${this.status}`);
  }

  /** Called by the host once hooks have run and the record is saved. */
  finish(record: RunRecord): void {
    if (this.listeners?.size) this.emit({ type: 'settled', runId: this.id, run: record });
    this.listeners?.clear();
    this.resolveDone(record);
  }

  nodeStatus(index: number): NodeStatus {
    return STATUS[this.state[index] ?? 0] as NodeStatus;
  }

  /** The run as a record; `withNodes: false` leaves the traces out (the record written when a run starts). */
  toRecord(withNodes = true): RunRecord {
    const nodes: Record<string, NodeTrace> = {};
    if (withNodes) {
      const planNodes = this.plan.nodes;
      for (let i = 0; i < planNodes.length; i++) nodes[(planNodes[i] as PlanNode).id] = nodeTraceOf(this.nodeStatus(i), this.traces[i], this.iso);
    }
    const workflow = this.plan.workflow;
    const record: RunRecord = {
      id: this.id,
      trigger: this.info.trigger,
      status: this.status,
      input: this.info.input,
      startedAt: isoAt(this.startedAt),
      nodes,
    };
    if (this.info.workflowId !== undefined) record.workflowId = this.info.workflowId;
    if (this.workflowVersion !== undefined) record.workflowVersion = this.workflowVersion;
    if (workflow.name !== undefined) record.workflowName = workflow.name;
    if (this.output !== undefined) record.output = this.output;
    if (this.error) record.error = this.error;
    if (this.endedAt !== undefined) {
      record.endedAt = isoAt(this.endedAt);
      record.durationMs = this.endedAt - this.startedAt;
    }
    record.graph = this.graph;
    if (this.parent) ({ runId: record.parentRunId, nodeId: record.parentNodeId } = this.parent);
    return this.redactor.active ? redactRecord(record, this.redactor) : record;
  }

  /** Assigned in the constructor: an arrow in a field would have its name defined on it for every run (the TypeScript loader keeps names). */
  private readonly iso: (perf: number) => string;

  private emitNode(index: number): void {
    this.redactor.tracker(this.id)?.nodeChanged(index, this.nodeStatus(index), this.traces[index]);
    if (!this.listeners?.size) return;
    const node = this.plan.nodes[index];
    const trace = this.traces[index];
    if (!node) return;
    this.emit({
      type: 'node',
      runId: this.id,
      nodeId: node.id,
      status: this.nodeStatus(index),
      ...(trace?.end !== undefined ? { durationMs: roundMs(trace.end - trace.start) } : {}),
      ...(trace?.error ? { error: this.redactor.apply(trace.error) } : {}),
    });
  }

  private emit(event: RunEvent): void {
    for (const listener of this.listeners ?? []) {
      try {
        listener(event);
      } catch (error) {
        this.host.log.warn('run event listener failed', { runId: this.id, error: String(error) });
      }
    }
  }
}
