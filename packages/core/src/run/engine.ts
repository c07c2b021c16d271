import { coreMod } from '../base-ops/index.ts';
import { PatternError } from '../errors.ts';
import { ulidFactory } from '../ids/ulid-factory.ts';
import { assertValueDepth, DEFAULT_VALUE_LIMITS, type ValueLimits } from '../json/depth.ts';
import { type Logger, silentLogger } from '../logger.ts';
import type { ModContext, ModDefinition, ModHost } from '../mods/define-mod.ts';
import { createModContext } from '../mods/mod-context.ts';
import { createModHost } from '../mods/mod-host.ts';
import { Registry } from '../mods/registry.ts';
import { ServiceContainer } from '../mods/services.ts';
import { type CatalogOp, catalogEntry } from '../ops/catalog.ts';
import type { OpDefinition, PrepareEnv } from '../ops/define-op.ts';
import { nodePorts } from '../ops/node-ports.ts';
import { type CompileResult, compileWorkflow, type Plan } from '../workflow/compile.ts';
import type { Problem } from '../workflow/problem.ts';
import { createMemoryWorkflowStore } from '../workflow/workflow-store.ts';
import { Workflows } from '../workflow/workflows.ts';
import { Admission, admissionLimits, rateLimited } from './admission.ts';
import { ChildRuns, type LaunchRequest } from './child-runs.ts';
import { CrashRecovery } from './crash-recovery.ts';
import { Deadlines } from './deadlines.ts';
import { DurableRuns } from './durable-runs.ts';
import {
  DEFAULT_MAX_CONCURRENT_RUNS,
  DEFAULT_MAX_QUEUED_RUNS,
  DEFAULT_RUN_TIMEOUT_MS,
  type EngineEvent,
  type EngineOptions,
  type StartRunRequest,
} from './engine-options.ts';
import { ErrorWorkflows } from './error-workflows.ts';
import { keptRecord, recordsStart } from './history.ts';
import { InputChecks } from './inputs.ts';
import { createMemoryRunStore } from './memory-run-store.ts';
import type { RunRecord } from './record.ts';
import type { Run, RunHost } from './run.ts';
import { type RunSaveOptions, type RunStore, summarize } from './run-store.ts';
import { SettleHooks } from './settle-hooks.ts';

export {
  DEFAULT_MAX_CONCURRENT_RUNS,
  DEFAULT_MAX_QUEUED_RUNS,
  DEFAULT_RUN_TIMEOUT_MS,
  type EngineEvent,
  type EngineOptions,
  type StartRunRequest,
} from './engine-options.ts';

type EngineState = 'new' | 'starting' | 'started' | 'stopping' | 'stopped';

const PROVISIONAL: RunSaveOptions = { provisional: true };

/**
 * Hosts mods, their services and hooks, and every run. Nothing here knows HTTP or SQL: the
 * server hands in the stores and mounts the routes.
 */
export class Engine {
  readonly registry = new Registry();
  readonly services = new ServiceContainer();
  readonly runs: RunStore;
  readonly workflows: Workflows;
  readonly log: Logger;
  readonly runTimeoutMs: number;
  readonly maxConcurrentRuns: number;
  readonly maxQueuedRuns: number;
  readonly maxConcurrentRunsPerWorkflow: number;
  readonly maxQueuedRunsPerWorkflow: number;
  readonly limits: Readonly<ValueLimits>;

  private readonly options: EngineOptions;
  private readonly active = new Map<string, Run>();
  private readonly admission: Admission<Run>;
  private readonly listeners = new Set<(event: EngineEvent) => void>();
  private readonly planCache = new WeakMap<object, CompileResult>();
  private readonly contexts = new Map<string, ModContext>();
  private readonly nextId = ulidFactory();
  private readonly runHost: RunHost;
  private readonly childRuns: ChildRuns;
  private readonly errorWorkflows = new ErrorWorkflows(this);
  private readonly crashRecovery: CrashRecovery;
  private readonly durable: DurableRuns;
  private readonly modHost: ModHost;
  private readonly prepareEnv: PrepareEnv;
  private readonly settleHooks: SettleHooks;
  private catalogCache: CatalogOp[] | undefined;
  private recoveryTimer: ReturnType<typeof setInterval> | undefined;
  private state: EngineState = 'new';

  constructor(options: EngineOptions = {}) {
    this.options = options;
    this.log = options.log ?? silentLogger;
    this.runTimeoutMs = options.runTimeoutMs ?? DEFAULT_RUN_TIMEOUT_MS;
    this.maxConcurrentRuns = options.maxConcurrentRuns ?? DEFAULT_MAX_CONCURRENT_RUNS;
    this.maxQueuedRuns = options.maxQueuedRuns ?? DEFAULT_MAX_QUEUED_RUNS;
    const limits = admissionLimits({
      maxConcurrent: this.maxConcurrentRuns,
      maxConcurrentPerWorkflow: options.maxConcurrentRunsPerWorkflow,
      maxQueued: this.maxQueuedRuns,
      maxQueuedPerWorkflow: options.maxQueuedRunsPerWorkflow,
    });
    this.maxConcurrentRunsPerWorkflow = limits.maxConcurrentPerWorkflow;
    this.maxQueuedRunsPerWorkflow = limits.maxQueuedPerWorkflow;
    this.admission = new Admission(limits);
    this.limits = Object.freeze({ ...DEFAULT_VALUE_LIMITS, ...options.limits });
    this.runs = options.runStore ?? createMemoryRunStore();
    this.registry.addMod(coreMod);
    for (const mod of options.mods ?? []) this.registry.addMod(mod);
    this.workflows = new Workflows(options.workflowStore ?? createMemoryWorkflowStore(), (document) => this.compileResult(document), this.log);
    this.childRuns = new ChildRuns(options.maxCallDepth, this.workflows, this.compile.bind(this), this.launchChild.bind(this));
    this.settleHooks = new SettleHooks(this.registry.mods, (mod) => this.context(mod), this.log);
    const lookup = (name: string) => this.registry.op(name);
    this.modHost = createModHost(this, options.workflowActivity);
    this.prepareEnv = {
      services: this.services,
      limits: this.limits,
      workflowExists: (id) => this.workflows.exists(id),
    };
    this.runHost = {
      services: this.services,
      log: this.log,
      limits: this.limits,
      now: options.clock ?? Date.now,
      prepareEnv: this.prepareEnv,
      secrets: options.secrets,
      inputChecks: new InputChecks(),
      deadlines: new Deadlines(),
      lookup,
      settled: (run) => void this.finishRun(run),
      runChild: (parent, nodeId, trace, request) => this.childRuns.run(parent, nodeId, trace, request),
    };
    this.crashRecovery = new CrashRecovery({
      runs: this.runs,
      log: this.log,
      accepting: () => this.started,
      isActive: (id) => this.active.has(id),
      runSettleHooks: async (record) => this.settleHooks.run(record),
      interrupted: (record) => this.errorWorkflows.recovered(record),
      recorded: () => this.errorWorkflows.release(),
      // A durable run a crash cut short runs on under its own id, from the nodes it recorded.
      resume: (record) => {
        const run = this.durable.recovered(record, this.runTimeoutMs);
        this.track(run, this.admission.enter(run, record.workflowId));
      },
    });
    this.durable = new DurableRuns(this, this.runHost, this.crashRecovery);
  }

  get started(): boolean {
    return this.state === 'started';
  }

  /** Sets up services in mod order, runs `onStart` hooks, settles runs a crash left `running`, loads saved workflows. */
  async start(): Promise<void> {
    if (this.state !== 'new') throw new Error(`engine cannot start: it is ${this.state}`);
    this.state = 'starting';
    for (const mod of this.registry.mods) {
      for (const [name, spec] of Object.entries(mod.services ?? {})) {
        this.services.set(name, await spec.setup(this.context(mod)));
      }
    }
    for (const mod of this.registry.mods) await mod.hooks?.onStart?.(this.context(mod));
    await this.crashRecovery.recover();
    await this.workflows.load(this.registry.mods.flatMap((mod) => (mod.workflows ?? []).map((document) => ({ mod: mod.name, document }))));
    if (this.runs.recoveryIntervalMs) {
      this.recoveryTimer = setInterval(() => {
        this.crashRecovery
          .recover()
          .catch((error: unknown) => this.log.error('recovering runs of a stopped server failed', { error: String(error) }));
      }, this.runs.recoveryIntervalMs);
      this.recoveryTimer.unref();
    }
    this.state = 'started';
    this.errorWorkflows.release();
    this.crashRecovery.resumeWaiting();
  }

  /** Cancels what still runs (settled as `cancelled`), runs `onStop` hooks, tears services down, closes the stores. */
  async stop(): Promise<void> {
    if (this.state !== 'started') return;
    this.state = 'stopping';
    if (this.recoveryTimer) clearInterval(this.recoveryTimer);
    const running = [...this.active.values()];
    for (const run of this.durable.suspend(running, 'the server is shutting down')) run.cancel('the server is shutting down', 'shutdown');
    await Promise.all(running.map((run) => run.done));
    for (const mod of [...this.registry.mods].reverse()) {
      try {
        await mod.hooks?.onStop?.(this.context(mod));
      } catch (error) {
        this.log.error(`mod ${mod.name}: onStop failed`, { error: String(error) });
      }
    }
    for (const mod of [...this.registry.mods].reverse()) {
      for (const [name, spec] of Object.entries(mod.services ?? {}).reverse()) {
        if (!this.services.has(name)) continue;
        try {
          await spec.teardown?.(this.services.get(name));
        } catch (error) {
          this.log.error(`mod ${mod.name}: teardown of service ${name} failed`, { error: String(error) });
        }
        this.services.delete(name);
      }
    }
    await this.runs.flush();
    await this.runs.close();
    await this.workflows.close();
    this.state = 'stopped';
  }

  op(name: string): OpDefinition | undefined {
    return this.registry.op(name);
  }

  catalog(): CatalogOp[] {
    this.catalogCache ??= this.registry.allOps().map(catalogEntry);
    return this.catalogCache;
  }

  validate(document: unknown): Problem[] {
    return this.compileResult(document).problems;
  }

  /** The plan for a document, or `validation_failed` with every located problem. */
  compile(document: unknown): Plan {
    const result = this.compileResult(document);
    if (!result.ok) {
      throw new PatternError('validation_failed', `The workflow has ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}`, {
        problems: result.problems,
      });
    }
    return result.plan;
  }

  startRun(request: StartRunRequest): Run {
    if (this.state !== 'started') throw new PatternError('unavailable', 'Pattern is not accepting runs right now (starting or shutting down)', null);
    assertValueDepth(request.input, 'input', this.limits.maxValueDepth);
    let plan = request.plan;
    let workflowId = request.workflowId;
    let workflowVersion = request.workflowVersion;
    if (!plan) {
      if (request.workflow !== undefined) plan = this.compile(request.workflow);
      else if (workflowId !== undefined) {
        const runnable = this.workflows.runnable(workflowId);
        plan = runnable.plan;
        workflowVersion ??= runnable.version;
      } else throw new PatternError('validation_failed', 'Give a workflow document or a workflowId', { problems: [] });
    }
    workflowId ??= plan.workflow.id;
    const refusal = this.admission.refusal(workflowId);
    if (refusal) throw rateLimited(refusal, workflowId);
    const run = this.durable.newRun({
      id: this.nextId(),
      plan,
      input: request.input ?? null,
      workflowId,
      workflowVersion,
      trigger: request.trigger ?? { kind: 'api' },
      timeoutMs: request.timeoutMs ?? this.runTimeoutMs,
    });
    this.track(run, this.admission.enter(run, workflowId));
    return run;
  }

  async run(request: StartRunRequest): Promise<RunRecord> {
    return this.startRun(request).done;
  }

  /** A one-node run of an op: `inputs` and `config` become the node's config, every output becomes the run's output. */
  invoke(opName: string, inputs: Record<string, unknown> = {}, config: Record<string, unknown> = {}): Run {
    const op = this.registry.op(opName);
    if (!op) {
      const close = this.registry.suggest(opName);
      throw new PatternError('not_found', `There is no op "${opName}"${close.length ? ` (did you mean ${close.join(', ')}?)` : ''}`, { op: opName });
    }
    for (const [key, value] of Object.entries(inputs)) assertValueDepth(value, `inputs.${key}`, this.limits.maxValueDepth);
    for (const [key, value] of Object.entries(config)) assertValueDepth(value, `config.${key}`, this.limits.maxValueDepth);
    const nodeConfig = { ...config, ...inputs };
    const outputs = nodePorts(op, nodeConfig).ports.outputs.filter((p) => p.kind === 'value' && p.name !== 'error');
    const workflow = {
      name: `invoke ${opName}`,
      nodes: [
        { id: 'op', op: opName, config: nodeConfig },
        ...outputs.map((p) => ({ id: `out_${p.name}`, op: 'flow.output', config: { key: p.name } })),
      ],
      edges: outputs.map((p) => ({ from: { node: 'op', port: p.name }, to: { node: `out_${p.name}`, port: 'value' } })),
    };
    return this.startRun({ workflow, trigger: { kind: 'invoke', detail: opName } });
  }

  activeRun(id: string): Run | undefined {
    return this.active.get(id);
  }

  activeRuns(): Run[] {
    return [...this.active.values()];
  }

  /** The record of a run: live from memory while it runs, else from history. */
  async getRun(id: string): Promise<RunRecord | undefined> {
    const live = this.active.get(id);
    return live ? live.toRecord() : this.runs.get(id);
  }

  subscribe(listener: (event: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** What a mod's services, hooks and routes are given; one per mod. */
  context(mod: ModDefinition): ModContext {
    let ctx = this.contexts.get(mod.name);
    if (!ctx) {
      ctx = createModContext(mod, {
        modOptions: this.options.modOptions,
        dataDir: this.options.dataDir,
        databaseUrl: this.options.databaseUrl,
        safeMode: this.options.safeMode ?? false,
        limits: this.limits,
        services: this.services,
        log: this.log,
        host: this.modHost,
      });
      this.contexts.set(mod.name, ctx);
    }
    return ctx;
  }

  private compileResult(document: unknown): CompileResult {
    const cacheable = document !== null && typeof document === 'object';
    const cached = cacheable ? this.planCache.get(document) : undefined;
    if (cached) return cached;
    let result = compileWorkflow(document, (name) => this.registry.op(name), {
      suggest: (name) => this.registry.suggest(name),
      routeCheck: this.options.routeCheck,
      prepareEnv: this.prepareEnv,
      secrets: this.options.secrets,
    });
    const schemaProblems = result.ok ? this.childRuns.schemaProblems(result.plan.workflow) : [];
    if (schemaProblems.length > 0) result = { ok: false, problems: schemaProblems };
    if (cacheable) this.planCache.set(document, result);
    return result;
  }

  private launchChild(request: LaunchRequest): Run {
    const { plan, input, workflowId, workflowVersion, trigger, parent, left } = request;
    const run = left
      ? this.durable.recovered(left, this.runTimeoutMs, parent)
      : this.durable.newRun({ id: this.nextId(), plan, input, workflowId, workflowVersion, trigger, timeoutMs: this.runTimeoutMs, parent });
    this.track(run, true);
    return run;
  }

  /**
   * Recorded as running so that a crash leaves a trace the next start settles as interrupted (a
   * provisional record: one that settles within a second is written once, settled); started when admitted.
   */
  private track(run: Run, admitted: boolean): void {
    this.active.set(run.id, run);
    const record = run.toRecord(false);
    if (this.listeners.size > 0) this.emit({ type: 'started', run: summarize(record) });
    // A durable run checkpoints as it goes, so its first record goes first; any other that settled at once is recorded as settled.
    if (run.info.durable) this.runs.save(record);
    if (admitted) run.start();
    if (!run.info.durable && run.status === 'running' && recordsStart(run.plan.workflow.history)) this.runs.save(record, PROVISIONAL);
  }

  private async finishRun(run: Run): Promise<void> {
    const suspended = this.durable.suspendedRecord(run);
    if (suspended) {
      await this.runs.save(suspended);
      this.active.delete(run.id);
      return run.finish(suspended);
    }
    this.childRuns.parentEnded(run.id, run.error?.code ?? run.status);
    // A child run held no admission place of its own: it ran inside its parent's.
    if (!run.parent && run.started) this.admission.leave(run.info.workflowId)?.start();
    else if (!run.parent) this.admission.withdraw(run, run.info.workflowId);
    const record = run.toRecord();
    const hooks = this.settleHooks.run(record);
    if (hooks) await hooks;
    // Whoever waits on the run hears of it only once its record is committed: an answered run survives a crash.
    const kept = keptRecord(record, run.plan.workflow.history, run.info.durable);
    if (kept) await this.runs.save(kept);
    // Only a durable run can have been taken up with children a stop left behind.
    if (run.info.durable) await this.durable.settled(run);
    this.active.delete(run.id);
    run.finish(record);
    if (this.listeners.size > 0) this.emit({ type: 'settled', run: record });
    this.errorWorkflows.settled(record, run.plan.workflow.onError, run.parent !== undefined);
  }

  private emit(event: EngineEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

export function createEngine(options: EngineOptions = {}): Engine {
  return new Engine(options);
}
