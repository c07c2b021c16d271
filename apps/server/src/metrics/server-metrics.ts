import type { Engine, RunRecord } from '@pattern/core';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { LabelCap } from './label-cap.ts';
import { type CounterSeries, type HistogramSeries, SeriesCounter, SeriesHistogram } from './series-metrics.ts';
import { onSettledRuns } from './settled-runs.ts';
import { timedService } from './timed-service.ts';

/** Distinct workflow (and consumer) label values kept before the rest read `_other`. */
export const MAX_WORKFLOW_LABELS = 500;
const INLINE = '_inline';
const RUN_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];
const FAST_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5];

/** A histogram of the fast buckets, by the method of a service call. */
function callHistogram(registers: Registry[], name: string, help: string): SeriesHistogram<'operation'> {
  return new SeriesHistogram(name, help, ['operation'], FAST_BUCKETS, registers);
}

/** What one kind of request (method, route pattern, status) counts into. */
export interface RequestSeries {
  readonly requests: CounterSeries;
  readonly duration: HistogramSeries;
  readonly rateLimited: CounterSeries | undefined;
}

interface LeaseLister {
  leases: { list(): Promise<unknown[]> };
}
interface ConsumerLister {
  subscriptions(): Promise<Array<{ kind: string; name: string; lag: number }>>;
}

/**
 * The server's Prometheus metrics, in a registry of its own (several servers share a test
 * process). Runs are counted from the engine's events; what changes by itself (runs executing,
 * leases held, consumer lag) is read when scraped.
 */
export class ServerMetrics {
  readonly registry = new Registry();
  private readonly workflows = new LabelCap(MAX_WORKFLOW_LABELS);
  private readonly ops = new LabelCap(MAX_WORKFLOW_LABELS);
  private readonly consumers = new LabelCap(MAX_WORKFLOW_LABELS);
  private readonly unsubscribe: () => void;
  private readonly runsStarted: SeriesCounter<'workflow'>;
  private readonly runsSettled: SeriesCounter<'workflow' | 'status'>;
  private readonly runDuration: SeriesHistogram<'workflow' | 'status'>;
  private readonly nodeDuration: SeriesHistogram<'op' | 'status'>;
  private readonly httpRequests: SeriesCounter<'method' | 'route' | 'status'>;
  private readonly httpDuration: SeriesHistogram<'method' | 'route'>;
  private readonly rateLimited: SeriesCounter<'route'>;
  private readonly requestSeries = new Map<string, RequestSeries>();

  constructor(private readonly engine: Engine) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'pattern_' });
    this.runsStarted = new SeriesCounter('pattern_runs_started_total', 'Runs started, child runs included', ['workflow'], registers);
    this.runsSettled = new SeriesCounter('pattern_runs_settled_total', 'Runs settled, by how they ended', ['workflow', 'status'], registers);
    this.runDuration = new SeriesHistogram(
      'pattern_run_duration_seconds',
      'How long runs took, start to settle',
      ['workflow', 'status'],
      RUN_BUCKETS,
      registers,
    );
    this.nodeDuration = new SeriesHistogram('pattern_node_duration_seconds', 'How long nodes took, by op', ['op', 'status'], FAST_BUCKETS, registers);
    new Gauge({
      name: 'pattern_runs_executing',
      help: 'Runs executing now (top-level: each holds an admission slot)',
      registers,
      collect() {
        this.set(engine.activeRuns().filter((run) => run.started && !run.parent).length);
      },
    });
    new Gauge({
      name: 'pattern_runs_queued',
      help: 'Runs waiting for an admission slot',
      registers,
      collect() {
        this.set(engine.activeRuns().filter((run) => !run.started && !run.parent).length);
      },
    });
    this.rateLimited = new SeriesCounter('pattern_rate_limited_total', 'Requests refused with 429, by route pattern', ['route'], registers);
    this.httpRequests = new SeriesCounter(
      'pattern_http_requests_total',
      'HTTP requests answered, by route pattern and status',
      ['method', 'route', 'status'],
      registers,
    );
    this.httpDuration = new SeriesHistogram(
      'pattern_http_request_duration_seconds',
      'Time to answer an HTTP request (to the first byte of a streamed body), by route pattern',
      ['method', 'route'],
      FAST_BUCKETS,
      registers,
    );
    this.watchServices(registers);
    const stopStarted = engine.subscribe((event) => {
      if (event.type === 'started') this.runsStarted.of({ workflow: this.workflowLabel(event.run.workflowId) }).value++;
    });
    const stopSettled = onSettledRuns(engine, (record) => this.settled(record));
    this.unsubscribe = () => {
      stopStarted();
      stopSettled();
    };
  }

  /** The scrape, in the Prometheus text format. */
  async text(): Promise<{ body: string; contentType: string }> {
    return { body: await this.registry.metrics(), contentType: this.registry.contentType };
  }

  /** Where a request of this method, route pattern and status counts; resolved once per kind, as requests are many and kinds few. */
  requestsOf(method: string, route: string, status: number): RequestSeries {
    const key = `${status} ${method} ${route}`;
    let series = this.requestSeries.get(key);
    if (!series) {
      series = {
        requests: this.httpRequests.of({ method, route, status }),
        duration: this.httpDuration.of({ method, route }),
        rateLimited: status === 429 ? this.rateLimited.of({ route }) : undefined,
      };
      this.requestSeries.set(key, series);
    }
    return series;
  }

  close(): void {
    this.unsubscribe();
    this.registry.clear();
  }

  private workflowLabel(id: string | undefined): string {
    return id === undefined ? INLINE : this.workflows.of(id);
  }

  private settled(record: RunRecord): void {
    const labels = { workflow: this.workflowLabel(record.workflowId), status: record.status };
    this.runsSettled.of(labels).value++;
    if (record.durationMs !== undefined) this.runDuration.of(labels).observe(record.durationMs / 1000);
    const opOf = new Map((record.graph?.nodes ?? []).map((node) => [node.id, node.op]));
    for (const [id, trace] of Object.entries(record.nodes)) {
      const op = opOf.get(id);
      if (op === undefined || trace.durationMs === undefined) continue;
      this.nodeDuration.of({ op: this.ops.of(op), status: trace.status }).observe(trace.durationMs / 1000);
    }
  }

  /** Times the store's and the event store's calls, and reads their leases and consumers on scrape. */
  private watchServices(registers: Registry[]): void {
    const { services } = this.engine;
    const consumers = this.consumers;
    if (services.has('store')) {
      const store = services.get<LeaseLister & object>('store');
      const calls = callHistogram(registers, 'pattern_store_operation_duration_seconds', 'Store calls by ops and mods, by method');
      services.set('store', timedService(store, calls));
      new Gauge({
        name: 'pattern_leases_held',
        help: 'Leases held now',
        registers,
        async collect() {
          this.set((await store.leases.list()).length);
        },
      });
    }
    if (services.has('events')) {
      const events = services.get<ConsumerLister & object>('events');
      const calls = callHistogram(registers, 'pattern_event_store_operation_duration_seconds', 'Event store calls by ops and mods, by method');
      services.set('events', timedService(events, calls));
      new Gauge({
        name: 'pattern_event_consumer_lag',
        help: 'Events a projection or event-triggered workflow has yet to handle',
        labelNames: ['kind', 'name'],
        registers,
        async collect() {
          this.reset();
          for (const consumer of await events.subscriptions()) this.set({ kind: consumer.kind, name: consumers.of(consumer.name) }, consumer.lag);
        },
      });
    }
  }
}
