import { type Logger, type ModHost, PatternError, type Services } from '@pattern/core';
import { AggregateStore } from './aggregates/aggregate-store.ts';
import type { AggregateDefinition } from './aggregates/define-aggregate.ts';
import type { ConsumerPause, EventDriver } from './drivers/driver.ts';
import { EventLog } from './log/event-log.ts';
import { pruneKeptAppendsHourly } from './log/kept-appends.ts';
import type { ProjectionDefinition } from './projections/define-projection.ts';
import { DEFAULT_MAX_CAUSATION_DEPTH, type EventStoreOptions } from './schemas.ts';
import { Consumer, type ConsumerStatus } from './subscriptions/consumer.ts';
import { WorkflowTriggers } from './subscriptions/workflow-triggers.ts';

export type EventStoreSettings = Omit<EventStoreOptions, 'storage' | 'maxCausationDepth'> & {
  maxCausationDepth?: number;
  aggregates: AggregateDefinition[];
  projections: ProjectionDefinition[];
  /** The server started in safe mode: every projection and trigger starts paused, until resumed. */
  safeMode?: boolean;
  /** How deeply payloads and metadata may nest (`limits.maxStoredDepth`). */
  maxStoredDepth?: number;
};

export interface SubscriptionStatus extends ConsumerStatus {
  kind: 'projection' | 'workflow';
}

const MAX_PROJECTION_BACKOFF_MS = 30_000;
const PAUSED_BY_A_PERSON = 'paused through the API';

/**
 * The `events` service: the event log, aggregates over it, projections and event-triggered
 * workflows following it. Ops, routes and other mods all go through this one object.
 */
export class EventStoreService {
  readonly log: EventLog;
  readonly aggregates: AggregateStore;
  private readonly settings: EventStoreSettings;
  private readonly logger: Logger;
  private readonly projections = new Map<string, Consumer>();
  private triggers: WorkflowTriggers | undefined;
  private unsubscribe: (() => void) | undefined;
  private stopPruning: (() => void) | undefined;
  /** In safe mode, what holds every consumer until it is resumed. */
  private readonly held: ConsumerPause | undefined;

  constructor(driver: EventDriver, settings: EventStoreSettings, logger: Logger) {
    this.log = new EventLog(driver, settings.maxStoredDepth);
    this.settings = settings;
    this.logger = logger;
    this.aggregates = new AggregateStore(this.log, settings.aggregates, settings.retryDelayMs);
    this.held = settings.safeMode
      ? { kind: 'paused', reason: 'safe mode: the server started in safe mode; resume this to handle events again', since: new Date().toISOString() }
      : undefined;
    const names = new Set<string>();
    for (const projection of settings.projections) {
      if (names.has(projection.name)) throw new Error(`projection "${projection.name}" is defined twice`);
      names.add(projection.name);
    }
  }

  /** Rebuilds snapshots left by older aggregate versions, then starts projections and event-triggered workflows. */
  async start(services: Services, host: ModHost | undefined): Promise<void> {
    this.stopPruning = await pruneKeptAppendsHourly(this.log.driver);
    const rebuilt = await this.aggregates.rebuildStale();
    if (rebuilt > 0) this.logger.info(`rebuilt ${rebuilt} snapshot${rebuilt === 1 ? '' : 's'} made by an earlier aggregate version`);
    if (this.held) this.logger.warn('safe mode: projections and event-triggered workflows are paused until each is resumed');
    for (const projection of this.settings.projections) {
      const consumer = new Consumer(this.log, {
        name: `projection:${projection.name}`,
        version: projection.version,
        types: Object.keys(projection.handles),
        startAt: 'beginning',
        pollMs: this.settings.pollMs,
        log: this.logger,
        ...(this.held ? { held: this.held } : {}),
        handle: async (event, signal) => {
          await projection.handles[event.type]?.(event, { services, log: this.logger, signal });
          return undefined;
        },
        onFailure: async (_event, attempt) => Math.min(this.settings.retryDelayMs * 2 ** (attempt - 1), MAX_PROJECTION_BACKOFF_MS),
        ...(projection.reset ? { reset: async () => projection.reset?.({ services, log: this.logger }) } : {}),
      });
      this.projections.set(projection.name, consumer);
      await consumer.start();
    }
    if (host) {
      this.triggers = new WorkflowTriggers(this.log, host, this.logger, {
        retries: this.settings.triggerRetries,
        retryDelayMs: this.settings.retryDelayMs,
        pollMs: this.settings.pollMs,
        maxCausationDepth: this.settings.maxCausationDepth ?? DEFAULT_MAX_CAUSATION_DEPTH,
        held: this.held,
      });
      this.triggers.start();
    }
    this.unsubscribe = this.log.onAppend(() => {
      for (const consumer of this.projections.values()) consumer.notify();
      this.triggers?.notify();
    });
  }

  readonly append: EventLog['append'] = (stream, events, options) => this.log.append(stream, events, options);
  readonly tryAppend: EventLog['tryAppend'] = (stream, events, options) => this.log.tryAppend(stream, events, options);
  readonly read: EventLog['read'] = (stream, options) => this.log.read(stream, options);
  readonly readAll: EventLog['readAll'] = (options) => this.log.readAll(options);
  readonly query: EventLog['query'] = (options) => this.log.query(options);
  readonly latest: EventLog['latest'] = (options) => this.log.latest(options);
  readonly getEvent: EventLog['getEvent'] = (id) => this.log.getEvent(id);
  readonly streams: EventLog['streams'] = (options) => this.log.streams(options);
  readonly load: AggregateStore['load'] = (type, id, options) => this.aggregates.load(type, id, options);
  readonly execute: AggregateStore['execute'] = (type, id, command, payload, options) => this.aggregates.execute(type, id, command, payload, options);
  readonly rebuild: AggregateStore['rebuild'] = (type, id) => this.aggregates.rebuild(type, id);

  async stop(): Promise<void> {
    this.stopPruning?.();
    this.unsubscribe?.();
    await this.triggers?.stop();
    await Promise.all([...this.projections.values()].map((c) => c.stop()));
    this.projections.clear();
  }

  get safeMode(): boolean {
    return this.held !== undefined;
  }

  async subscriptions(): Promise<SubscriptionStatus[]> {
    await this.triggers?.settled();
    const projections = await Promise.all([...this.projections.values()].map(async (c) => ({ kind: 'projection' as const, ...(await c.status()) })));
    const workflows = await Promise.all((this.triggers?.list() ?? []).map(async (c) => ({ kind: 'workflow' as const, ...(await c.status()) })));
    return [...projections, ...workflows];
  }

  /** Resolves once the projection (or, with `workflow:<id>`, the workflow) has handled every event appended before the call. */
  async caughtUp(name: string): Promise<void> {
    await this.triggers?.settled();
    const consumer = name.startsWith('workflow:') ? this.triggers?.consumer(name.slice('workflow:'.length)) : this.projections.get(name);
    if (!consumer) throw new PatternError('not_found', `Nothing named "${name}" follows the event log`, { name });
    await consumer.idle();
  }

  /** Stops the workflow's trigger after the event in flight, until resumed; saved, so it holds across restarts. */
  async pauseTrigger(workflowId: string, reason = PAUSED_BY_A_PERSON): Promise<SubscriptionStatus> {
    const consumer = await this.triggers?.settled().then(() => this.triggers?.pause(workflowId, reason));
    if (!consumer) throw unavailable();
    return { kind: 'workflow', ...(await consumer.status()) };
  }

  async resumeTrigger(workflowId: string): Promise<SubscriptionStatus> {
    const consumer = await this.triggers?.settled().then(() => this.triggers?.resume(workflowId));
    if (!consumer) throw unavailable();
    return { kind: 'workflow', ...(await consumer.status()) };
  }

  async pauseProjection(name: string, reason = PAUSED_BY_A_PERSON): Promise<SubscriptionStatus> {
    const consumer = this.projection(name);
    await consumer.pause(reason);
    return { kind: 'projection', ...(await consumer.status()) };
  }

  async resumeProjection(name: string): Promise<SubscriptionStatus> {
    const consumer = this.projection(name);
    await consumer.resume();
    return { kind: 'projection', ...(await consumer.status()) };
  }

  private projection(name: string): Consumer {
    const consumer = this.projections.get(name);
    if (!consumer) throw new PatternError('not_found', `There is no projection "${name}"`, { name });
    return consumer;
  }

  listParked(consumer?: string) {
    return this.log.driver.listParked(consumer);
  }

  async retryParked(id: string) {
    const parked = await this.log.driver.getParked(id);
    if (!parked) throw new PatternError('not_found', `There is no parked event "${id}"`, { id });
    if (!this.triggers) throw unavailable();
    return this.triggers.retry(parked);
  }

  async close(): Promise<void> {
    await this.log.driver.close();
  }
}

function unavailable(): PatternError {
  return new PatternError('unavailable', 'Event-triggered workflows are not running', null);
}

declare module '@pattern/core' {
  interface ServiceMap {
    events: EventStoreService;
  }
}
