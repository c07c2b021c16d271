import { type Engine, PatternError, type ScheduleConfig } from '@pattern/core';
import type { ScheduleStore } from './schedule-store.ts';
import type { Scheduler } from './scheduler.ts';
import type { WorkflowStates } from './workflow-states.ts';

/** How many upcoming ticks the state of a scheduled workflow lists. */
const UPCOMING = 5;

export interface WorkflowStateView {
  id: string;
  /** False while paused: no route, schedule or event trigger runs it. */
  active: boolean;
  /** Its schedule waits for a person to resume it (the server started in safe mode). */
  held: boolean;
  schedule: (ScheduleConfig & { nextFireAt: string | null; upcoming: string[] }) | null;
}

/**
 * Pausing and resuming saved workflows, and what their schedules do next: the one place the state
 * route and the workflow list read from. A deleted workflow's state is dropped with it.
 */
export class WorkflowControl {
  private readonly engine: Engine;
  private readonly states: WorkflowStates;
  private readonly store: ScheduleStore;
  private readonly scheduler: Scheduler | undefined;

  constructor(engine: Engine, states: WorkflowStates, store: ScheduleStore, scheduler: Scheduler | undefined) {
    this.engine = engine;
    this.states = states;
    this.store = store;
    this.scheduler = scheduler;
    engine.workflows.subscribe((change) => {
      if (change.type === 'deleted') {
        states
          .forget(change.id)
          .catch((error: unknown) => engine.log.error(`could not drop the state of workflow ${change.id}`, { error: String(error) }));
      }
    });
  }

  isActive(id: string): boolean {
    return this.states.isActive(id);
  }

  nextFireAt(id: string): string | null {
    return this.scheduler?.nextFireAt(id) ?? null;
  }

  view(id: string): WorkflowStateView {
    this.engine.workflows.require(id);
    const config = this.scheduler?.schedule(id);
    return {
      id,
      active: this.states.isActive(id),
      held: this.scheduler?.held(id) ?? false,
      schedule: config ? { ...config, nextFireAt: this.nextFireAt(id), upcoming: this.scheduler?.upcoming(id, UPCOMING) ?? [] } : null,
    };
  }

  /** Pauses or resumes; resuming also releases a schedule safe mode holds, and forgives the ticks missed while paused. */
  async setActive(id: string, active: boolean): Promise<WorkflowStateView> {
    const entry = this.engine.workflows.require(id);
    if (entry.readOnly) {
      throw new PatternError('read_only', `Workflow "${id}" ships with mod "${entry.mod}" and cannot be paused`, { id });
    }
    if (active && !this.states.isActive(id)) await this.store.waive(id, Date.now());
    await this.states.setActive(id, active);
    if (active) this.scheduler?.release(id);
    return this.view(id);
  }
}
