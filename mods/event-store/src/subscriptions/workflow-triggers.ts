import { type ErrorBody, type Logger, type ModHost, PatternError, type RunRecord, type WorkflowEntry } from '@pattern/core';
import type { ConsumerPause, ParkedEvent } from '../drivers/driver.ts';
import type { EventLog } from '../log/event-log.ts';
import { causationDepthOf } from '../log/run-metadata.ts';
import { EventsOnConfigSchema, type StoredEvent } from '../schemas.ts';
import { Consumer, type Halt } from './consumer.ts';

export interface TriggerOptions {
  /** Retries of a failed run before its event is parked. */
  retries: number;
  retryDelayMs: number;
  pollMs: number;
  /** The deepest chain of event-triggered runs a trigger takes part in; deeper, the trigger is parked. */
  maxCausationDepth: number;
  /** Set in safe mode: every trigger starts held, until it is resumed. */
  held: ConsumerPause | undefined;
}

const PREFIX = 'workflow:';

/**
 * Saved workflows whose trigger is `events.on` run once per matching event, in order, each from
 * its own durable checkpoint. A failing run is retried with backoff, then its event is parked
 * (listed, retryable) and the workflow moves on. An event whose chain of causes is already as deep
 * as allowed is parked without a run, and the trigger with it: a workflow that feeds itself stops.
 */
export class WorkflowTriggers {
  private readonly events: EventLog;
  private readonly host: ModHost;
  private readonly log: Logger;
  private readonly options: TriggerOptions;
  private readonly consumers = new Map<string, { consumer: Consumer; filter: string }>();
  /** Triggers resumed in safe mode: a consumer made for them anew (their filter changed) is not held again. */
  private readonly released = new Set<string>();
  private unsubscribe: (() => void) | undefined;
  private unsubscribeActive: (() => void) | undefined;
  private stopped = false;
  /** Serializes changes to the set of consumers (saves can arrive while one is starting). */
  private changes: Promise<void> = Promise.resolve();

  constructor(events: EventLog, host: ModHost, log: Logger, options: TriggerOptions) {
    this.events = events;
    this.host = host;
    this.log = log;
    this.options = options;
  }

  /** Subscribes to saved workflows at once; starts consuming once the engine accepts runs. */
  start(): void {
    // Heads are read as things happen (start-up, each save), so an event appended right after is not missed.
    const headAtStart = this.events.head();
    headAtStart.catch(() => {});
    let savedAt: Map<string, Promise<number>> | undefined = new Map();
    this.unsubscribe = this.host.workflows.subscribe((change) => {
      const head = this.events.head();
      head.catch(() => {});
      if (change.type === 'saved') savedAt?.set(change.workflow.id, head);
      this.enqueue(() => (change.type === 'saved' ? this.sync(change.workflow, head) : this.forget(change.id)));
    });
    // A paused workflow's consumer stops; resumed, it goes on from its checkpoint.
    this.unsubscribeActive = this.host.workflows.subscribeActive((id) => {
      const head = this.events.head();
      head.catch(() => {});
      const workflow = this.host.workflows.list().find((entry) => entry.id === id);
      this.enqueue(() => (workflow ? this.sync(workflow, head) : this.remove(id)));
    });
    this.enqueue(async () => {
      while (!this.host.started && !this.stopped) await new Promise((resolve) => setTimeout(resolve, 5));
      for (const workflow of this.host.workflows.list()) await this.sync(workflow, savedAt?.get(workflow.id) ?? headAtStart);
      savedAt = undefined;
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.unsubscribeActive?.();
    await this.changes;
    await Promise.all([...this.consumers.values()].map(({ consumer }) => consumer.stop()));
    this.consumers.clear();
  }

  /** Resolves once every workflow change seen so far has been applied. */
  async settled(): Promise<void> {
    await this.changes;
  }

  notify(): void {
    for (const { consumer } of this.consumers.values()) consumer.notify();
  }

  list(): Consumer[] {
    return [...this.consumers.values()].map((c) => c.consumer);
  }

  consumer(workflowId: string): Consumer | undefined {
    return this.consumers.get(workflowId)?.consumer;
  }

  async pause(workflowId: string, reason: string): Promise<Consumer> {
    const consumer = this.existing(workflowId);
    await consumer.pause(reason);
    return consumer;
  }

  async resume(workflowId: string): Promise<Consumer> {
    const consumer = this.existing(workflowId);
    await consumer.resume();
    this.released.add(workflowId);
    return consumer;
  }

  private existing(workflowId: string): Consumer {
    const consumer = this.consumer(workflowId);
    if (!consumer) throw new PatternError('not_found', `Workflow "${workflowId}" has no events.on trigger`, { workflowId });
    return consumer;
  }

  /** Runs the workflow again for a parked event; on success the event leaves the parking lot. */
  async retry(parked: ParkedEvent): Promise<{ ok: boolean; run: RunRecord }> {
    const workflowId = parked.consumer.slice(PREFIX.length);
    const event = await this.events.getEvent(parked.eventId);
    const run = await this.runFor(workflowId, event);
    if (run.status === 'ok') await this.events.driver.removeParked(parked.id);
    else await this.events.driver.park({ ...parked, attempts: parked.attempts + 1, error: runError(run), parkedAt: new Date().toISOString() });
    return { ok: run.status === 'ok', run };
  }

  private enqueue(change: () => Promise<void>): void {
    this.changes = this.changes
      .then(change)
      .catch((error) => this.log.error('event-triggered workflows: could not apply a workflow change', { error: String(error) }));
  }

  private async sync(workflow: WorkflowEntry, headAtSave: Promise<number>): Promise<void> {
    if (this.stopped || !this.host.started) return;
    if (!this.host.workflows.isActive(workflow.id)) return this.remove(workflow.id);
    const trigger = workflow.plan ? workflow.document.nodes.find((node) => node.op === 'events.on') : undefined;
    const config = trigger ? EventsOnConfigSchema.safeParse(trigger.config ?? {}) : undefined;
    if (!config?.success) return this.remove(workflow.id);
    const filter = JSON.stringify(config.data);
    const existing = this.consumers.get(workflow.id);
    if (existing?.filter === filter) return;
    await existing?.consumer.stop();
    const held = this.released.has(workflow.id) ? undefined : this.options.held;
    const consumer = new Consumer(this.events, {
      name: `${PREFIX}${workflow.id}`,
      version: 1,
      types: config.data.types,
      ...(config.data.aggregateType ? { aggregateType: config.data.aggregateType } : {}),
      // Where a trigger without a checkpoint begins: what happens from now on, or the whole history first.
      startAt: config.data.from === 'start' ? 'beginning' : headAtSave,
      pollMs: this.options.pollMs,
      log: this.log,
      ...(held ? { held } : {}),
      handle: async (event, signal) => {
        const tooDeep = await this.refuseTooDeep(workflow.id, event);
        if (tooDeep) return tooDeep;
        const run = await this.runFor(workflow.id, event, signal);
        if (run.status !== 'ok') {
          const error = runError(run);
          throw new PatternError(error.code, error.message, { runId: run.id });
        }
        return undefined;
      },
      onFailure: async (event, attempt, error) => {
        // A run cut short by shutdown is not the event's fault: it is handled again after restart.
        if (!this.host.started) return this.options.retryDelayMs;
        if (attempt <= this.options.retries) return this.options.retryDelayMs * 2 ** (attempt - 1);
        await this.events.driver.park({
          id: `${PREFIX}${workflow.id}:${event.id}`,
          consumer: `${PREFIX}${workflow.id}`,
          eventId: event.id,
          position: event.position,
          attempts: attempt,
          error,
          parkedAt: new Date().toISOString(),
        });
        this.log.warn(`workflow ${workflow.id}: event ${event.id} parked after ${attempt} attempts`, { error: error.message });
        return 'park';
      },
    });
    this.consumers.set(workflow.id, { consumer, filter });
    await consumer.start();
  }

  /** A deleted workflow stops, and its checkpoint goes: one saved later under the same id starts afresh. */
  private async forget(workflowId: string): Promise<void> {
    this.released.delete(workflowId);
    await this.remove(workflowId);
    await this.events.driver.deleteCheckpoint(`${PREFIX}${workflowId}`);
  }

  private async remove(workflowId: string): Promise<void> {
    const existing = this.consumers.get(workflowId);
    if (!existing) return;
    this.consumers.delete(workflowId);
    await existing.consumer.stop();
  }

  /** Parks an event whose run would take its chain past the limit, and halts the trigger. */
  private async refuseTooDeep(workflowId: string, event: StoredEvent): Promise<Halt | undefined> {
    const depth = causationDepthOf(event) + 1;
    const limit = this.options.maxCausationDepth;
    if (depth <= limit) return undefined;
    const chain = `chain of events caused by workflow ${workflowId} reached depth ${depth} (limit ${limit})`;
    await this.events.driver.park({
      id: `${PREFIX}${workflowId}:${event.id}`,
      consumer: `${PREFIX}${workflowId}`,
      eventId: event.id,
      position: event.position,
      attempts: 0,
      error: {
        code: 'causation_depth',
        message: `The ${chain}`,
        details: { workflowId, depth, limit, correlationId: event.metadata.correlationId ?? null },
      },
      parkedAt: new Date().toISOString(),
    });
    return { halt: `causation_depth: the ${chain}` };
  }

  /** One run for the event; a stop of the trigger (its workflow deleted, the server stopping) cancels it. */
  private async runFor(workflowId: string, event: StoredEvent, signal?: AbortSignal): Promise<RunRecord> {
    const run = this.host.startRun({ workflowId, input: event, trigger: { kind: 'event', detail: event.id } });
    const cancel = () => run.cancel('the event trigger stopped');
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      return await run.done;
    } finally {
      signal?.removeEventListener('abort', cancel);
    }
  }
}

function runError(run: RunRecord): ErrorBody {
  return run.error ?? { code: 'run_failed', message: `The run ended ${run.status}`, details: null };
}
