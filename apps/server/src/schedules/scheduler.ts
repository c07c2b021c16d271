import { type Engine, type Logger, type Plan, parseCron, type ScheduleConfig, scheduleTrigger, type WorkflowEntry } from '@pattern/core';
import type { Cron } from 'croner';
import type { ScheduleStore, TickClaim } from './schedule-store.ts';
import type { WorkflowStates } from './workflow-states.ts';

/** A timer this long at most: Node caps timeouts near 24.8 days, and a wake-up that finds nothing due just waits again. */
const MAX_WAIT_MS = 3_600_000;
/** Claims older than this guard nothing (the last-tick guard does): they are pruned. */
const KEEP_CLAIMS_MS = 10 * 60_000;
const PRUNE_EVERY_MS = 60_000;

export interface SchedulerOptions {
  engine: Engine;
  store: ScheduleStore;
  states: WorkflowStates;
  log: Logger;
  /** Safe mode: every schedule starts held, until its workflow is resumed. */
  safeMode: boolean;
}

interface Scheduled {
  id: string;
  config: ScheduleConfig;
  /** The schedule's settings as text: a save that keeps them keeps the next tick. */
  key: string;
  plan: Plan;
  version: number | undefined;
  cron: Cron | undefined;
  /** The next tick (ms), or undefined while the workflow is paused or held. */
  nextAt: number | undefined;
}

/**
 * Runs saved workflows whose trigger is `schedule.trigger`. Every server keeps every schedule and
 * one timer for the earliest tick; when ticks fall due they are claimed together in the store,
 * and only the ticks this server won run here, so with several servers on one database each tick
 * runs once and a dead server's ticks are simply won by another. Schedules follow saves,
 * publishes, rollbacks and deletes as they happen, like routes do.
 */
export class Scheduler {
  private readonly entries = new Map<string, Scheduled>();
  /** Workflows resumed in safe mode. */
  private readonly released = new Set<string>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly options: SchedulerOptions;
  private readonly unsubscribe: Array<() => void> = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastPrune = 0;
  private stopped = false;

  constructor(options: SchedulerOptions) {
    this.options = options;
  }

  /** Schedules every saved workflow; a `runOnce` schedule that missed ticks while no server ran gets the latest of them now. */
  async start(): Promise<void> {
    const { engine, states } = this.options;
    this.unsubscribe.push(
      engine.workflows.subscribe((change) => {
        if (change.type === 'saved') this.track(this.sync(change.workflow, false));
        else this.drop(change.id);
      }),
      states.subscribe((id) => this.rearm(id)),
    );
    await Promise.all(engine.workflows.list().map((entry) => this.sync(entry, true)));
    this.arm();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const off of this.unsubscribe.splice(0)) off();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await Promise.all([...this.inFlight]);
  }

  /** When the workflow fires next (ISO), or null: no schedule, paused or held. */
  nextFireAt(id: string): string | null {
    const at = this.entries.get(id)?.nextAt;
    return at === undefined ? null : new Date(at).toISOString();
  }

  /** The next `count` ticks of a workflow's schedule from now, whether or not it is paused. */
  upcoming(id: string, count: number): string[] {
    const entry = this.entries.get(id);
    const times: string[] = [];
    let after = Date.now();
    for (let i = 0; entry && i < count; i++) {
      const next = nextAfter(entry, after);
      if (next === undefined) break;
      times.push(new Date(next).toISOString());
      after = next;
    }
    return times;
  }

  schedule(id: string): ScheduleConfig | undefined {
    return this.entries.get(id)?.config;
  }

  /** Held in safe mode until a person resumes it. */
  held(id: string): boolean {
    return this.options.safeMode && !this.released.has(id) && this.entries.has(id);
  }

  /** Lets a held schedule fire (safe mode). */
  release(id: string): void {
    if (this.options.safeMode) this.released.add(id);
    this.rearm(id);
  }

  private async sync(workflow: WorkflowEntry, starting: boolean): Promise<void> {
    // A schedule runs what a run of the workflow executes: the active version once published.
    const plan = workflow.active ? workflow.active.plan : workflow.plan;
    // The node's settings were parsed (and the cron and zone checked) when the plan was compiled.
    const config = plan?.nodes.find((node) => node.op.name === scheduleTrigger.name)?.settings as ScheduleConfig | undefined;
    if (!plan || !config) {
      this.entries.delete(workflow.id);
      return this.arm();
    }
    const key = JSON.stringify(config);
    const existing = this.entries.get(workflow.id);
    const entry: Scheduled = {
      id: workflow.id,
      config,
      key,
      plan,
      version: workflow.active?.version,
      cron: existing?.key === key ? existing.cron : config.cron === undefined ? undefined : parseCron(config.cron, config.timezone),
      nextAt: undefined,
    };
    if (existing?.key === key) {
      entry.nextAt = existing.nextAt;
      this.entries.set(workflow.id, entry);
      return;
    }
    this.entries.set(workflow.id, entry);
    const now = Date.now();
    if (starting && config.missed === 'runOnce') await this.catchUp(entry, now);
    else await this.options.store.baseline(entry.id, now);
    this.rearm(entry.id);
  }

  /** After downtime: the latest tick that fell due since the last one claimed, if any, runs now. */
  private async catchUp(entry: Scheduled, now: number): Promise<void> {
    const last = await this.options.store.lastTick(entry.id);
    const due = latestDue(entry, now);
    if (last === undefined || due === undefined || due <= last) {
      await this.options.store.baseline(entry.id, now);
      return;
    }
    if (!this.firing(entry.id)) return;
    this.log.info(`workflow ${entry.id}: running the tick of ${new Date(due).toISOString()} missed while no server ran`);
    await this.claimAndRun([{ entry, at: due }]);
  }

  private drop(id: string): void {
    this.released.delete(id);
    if (this.entries.delete(id)) this.arm();
  }

  private firing(id: string): boolean {
    return !this.stopped && this.options.states.isActive(id) && !this.held(id);
  }

  private rearm(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    entry.nextAt = this.firing(id) ? nextAfter(entry, Date.now()) : undefined;
    this.arm();
  }

  /** One timer, for the earliest tick of all. */
  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.stopped) return;
    let earliest = Number.POSITIVE_INFINITY;
    for (const entry of this.entries.values()) if (entry.nextAt !== undefined && entry.nextAt < earliest) earliest = entry.nextAt;
    if (earliest === Number.POSITIVE_INFINITY) return;
    const wait = Math.min(MAX_WAIT_MS, Math.max(0, earliest - Date.now()));
    this.timer = setTimeout(() => this.fire(), wait);
    this.timer.unref();
  }

  private fire(): void {
    this.timer = undefined;
    const now = Date.now();
    const due: Array<{ entry: Scheduled; at: number }> = [];
    // croner takes tens of microseconds per next tick: workflows on the same schedule share one.
    const next = new Map<string, number | undefined>();
    for (const entry of this.entries.values()) {
      if (entry.nextAt === undefined || entry.nextAt > now) continue;
      due.push({ entry, at: entry.nextAt });
      // Ticks that fell due while the process was stalled are skipped: the next one is after now.
      const after = Math.max(now, entry.nextAt);
      const shared = `${after} ${entry.key}`;
      if (!next.has(shared)) next.set(shared, nextAfter(entry, after));
      entry.nextAt = next.get(shared);
    }
    this.arm();
    if (due.length > 0) this.track(this.claimAndRun(due));
    if (now - this.lastPrune >= PRUNE_EVERY_MS) {
      this.lastPrune = now;
      this.track(this.options.store.prune(now - KEEP_CLAIMS_MS));
    }
  }

  private async claimAndRun(due: Array<{ entry: Scheduled; at: number }>): Promise<void> {
    // Claimed in one order on every server, so two batches that overlap never wait on each other in a circle.
    due.sort((a, b) => (a.entry.id < b.entry.id ? -1 : 1));
    const claims: TickClaim[] = due.map(({ entry, at }) => ({ workflowId: entry.id, at }));
    const won = await this.options.store.claim(claims);
    let started = false;
    for (const { entry, at } of due) {
      const tick = won.get(entry.id);
      if (tick === undefined || this.stopped) continue;
      const firedAt = new Date(at).toISOString();
      try {
        this.options.engine.startRun({
          plan: entry.plan,
          workflowId: entry.id,
          workflowVersion: entry.version,
          input: { firedAt, tick },
          trigger: { kind: 'schedule', detail: firedAt },
        });
        started = true;
      } catch (error) {
        this.log.warn(`workflow ${entry.id}: the tick of ${firedAt} did not run`, { error: String(error) });
      }
    }
    // A claimed tick's run is recorded at once rather than held with other runs' starts: should this
    // server die now, the run is in history to settle as interrupted, and the tick is not lost unseen.
    if (started) await this.options.engine.runs.flush();
  }

  private track(work: Promise<void>): void {
    const tracked = work
      .catch((error: unknown) => this.log.error('schedules: a tick or a schedule change failed', { error: String(error) }))
      .finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  private get log(): Logger {
    return this.options.log;
  }
}

function nextAfter(entry: Scheduled, after: number): number | undefined {
  if (entry.cron) return entry.cron.nextRun(new Date(after))?.getTime();
  const every = entry.config.everyMs as number;
  return (Math.floor(after / every) + 1) * every;
}

function latestDue(entry: Scheduled, now: number): number | undefined {
  if (entry.cron) return entry.cron.previousRuns(1, new Date(now))[0]?.getTime();
  const every = entry.config.everyMs as number;
  return Math.floor(now / every) * every;
}
