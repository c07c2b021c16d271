import type { Plan } from '../workflow/compile.ts';
import type { Workflows } from '../workflow/workflows.ts';
import type { ParentLink } from './child-runs.ts';
import type { CrashRecovery } from './crash-recovery.ts';
import { recoveredPlan, recoveryDocument } from './durable-recovery.ts';
import { DurableRun, type Recovery } from './durable-run.ts';
import { LeftChildren } from './left-children.ts';
import type { RunRecord } from './record.ts';
import { Run, type RunHost, type RunParams } from './run.ts';
import type { RunStore } from './run-store.ts';

/** What of the engine durable runs use. */
export interface DurableRunsEngine {
  readonly runs: RunStore;
  readonly workflows: Pick<Workflows, 'get'>;
  compile(document: unknown): Plan;
}

/** What of crash recovery they use: the child runs start-up held for their parents. */
type HeldChildren = Pick<CrashRecovery, 'takeHeld' | 'interruptLeft'>;

/**
 * Where the engine's runs become durable: a run of a `durable` workflow, and every child run of a
 * durable run (so that a node run again after a stop finds its children, and their effects happen
 * once); a durable run taken up after a stop; and the suspension of durable runs at a stop.
 */
export class DurableRuns {
  /** The durable variant of a child's plan, made once per plan so that what is cached per plan stays cached. */
  private readonly durablePlans = new WeakMap<Plan, Plan>();

  constructor(
    private readonly engine: DurableRunsEngine,
    private readonly runHost: RunHost,
    private readonly held: HeldChildren,
  ) {}

  /** A new run: durable when its workflow is, or when it is a child of a durable run. */
  newRun(params: RunParams, recovery?: Recovery): Run {
    const durable = params.plan.workflow.durable === true || params.parent?.childKey !== undefined;
    if (!durable) return new Run(this.runHost, params);
    return new DurableRun(this.runHost, { ...params, plan: this.durablePlan(params.plan) }, (record) => this.engine.runs.save(record), recovery);
  }

  /**
   * A durable run a stop cut short, run on under its own id from the nodes it recorded, with the
   * settings it recorded; `parent` is given for a child, taken up by its parent's node.
   */
  recovered(record: RunRecord, timeoutMs: number, parent?: ParentLink): Run {
    // The workflow as it is saved now gives the settings of a run recorded before runs recorded their own.
    const saved = record.workflowId !== undefined ? this.engine.workflows.get(record.workflowId)?.plan?.workflow : undefined;
    const { plan, reused } = recoveredPlan(this.engine.compile(recoveryDocument(record, saved)), record);
    const children = new LeftChildren(record.id, this.engine.runs, this.held.takeHeld(record.id));
    const { id, input, workflowId, workflowVersion, trigger } = record;
    const params: RunParams = { id, plan, input, workflowId, workflowVersion, trigger, timeoutMs, ...(parent ? { parent } : {}) };
    return this.newRun(params, { record, reused, children });
  }

  /**
   * At a stop: suspends every durable run (a child before the run that started it, so that no
   * parent's end cancels it) and gives back the others, to cancel. A child of a run that is not
   * durable is not suspended: its parent's cancel ends it.
   */
  suspend(active: readonly Run[], reason: string): Run[] {
    const others: Run[] = [];
    for (const run of [...active].reverse()) {
      if (run instanceof DurableRun && (!run.parent || run.parent.childKey !== undefined)) run.suspend(reason);
      else others.push(run);
    }
    return others;
  }

  /**
   * The record to keep of a run that ended, in place of its final one: a suspended run's record
   * as it stood, kept for the next start, with no hooks run and its children left as they are.
   */
  suspendedRecord(run: Run): RunRecord | undefined {
    return run instanceof DurableRun ? run.suspendedRecord : undefined;
  }

  /** A taken-up run settled: the children the stop had left running that none of its nodes took up settle too. */
  async settled(run: Run): Promise<void> {
    const untaken = run instanceof DurableRun ? run.leftChildren?.untaken() : undefined;
    if (untaken && untaken.length > 0) await this.held.interruptLeft(untaken);
  }

  private durablePlan(plan: Plan): Plan {
    if (plan.workflow.durable) return plan;
    let durable = this.durablePlans.get(plan);
    if (!durable) {
      durable = { ...plan, workflow: { ...plan.workflow, durable: true } };
      this.durablePlans.set(plan, durable);
    }
    return durable;
  }
}
