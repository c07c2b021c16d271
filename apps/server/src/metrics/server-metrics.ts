import type { Engine, NodeTrace, RunRecord } from '@pattern/core';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { LabelCap } from './label-cap.ts';
import { onSettledRuns } from './settled-runs.ts';
import { TalliedCounter } from './tallied-counter.ts';
import { TalliedHistogram } from './tallied-histogram.ts';
import { TallyKeys } from './tally-keys.ts';
import { timedService } from './timed-service.ts';

/** Distinct workflow (and consumer) label values kept before the rest read `_other`. */
export const MAX_WORKFLOW_LABELS = 500;
const INLINE = '_inline';
const RUN_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];
const FAST_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5];

/** A histogram in seconds; the fast buckets unless told otherwise. */
function histogram<L extends string>(registers: Registry[], name: string, help: string, labelNames: L[], buckets = FAST_BUCKETS): Histogram<L> {
  return new Histogram({ name, help, labelNames, buckets, registers });
}

/** The same, tallied (see tallied-histogram.ts): for what is observed on every request, run or node. */
function talliedHistogram<L extends string>(registers: Registry[], name: string, help: string, labelNames: L[], buckets = FAST_BUCKETS) {
  return new TalliedHistogram<L>({ name, help, labelNames, buckets, registers });
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
  private readonly graphOps = new WeakMap<object, Map<string, string>>();
  private readonly runKeys = new TallyKeys();
  private readonly nodeKeys = new TallyKeys();
  private readonly unsubscribe: () => void;
  private readonly runsStarted: TalliedCounter<'workflow'>;
  private readonly runsSettled: TalliedCounter<'workflow' | 'status'>;
  /** Keyed by `runKeys.of(workflow, status)`. */
  private readonly runDuration: TalliedHistogram<'workflow' | 'status'>;
  /** Keyed by `nodeKeys.of(op, status)`. */
  private readonly nodeDuration: TalliedHistogram<'op' | 'status'>;
  /** Keyed by the key of (method, route, status), see http-metrics.ts. */
  readonly httpRequests: TalliedCounter<'method' | 'route' | 'status'>;
  /** Keyed by the key of (method, route). */
  readonly httpDuration: TalliedHistogram<'method' | 'route'>;
  readonly rateLimited: Counter<'route'>;

  constructor(private readonly engine: Engine) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'pattern_' });
    this.runsStarted = new TalliedCounter({
      name: 'pattern_runs_started_total',
      help: 'Runs started, child runs included',
      labelNames: ['workflow'],
      registers,
    });
    this.runsSettled = new TalliedCounter({
      name: 'pattern_runs_settled_total',
      help: 'Runs settled, by how they ended',
      labelNames: ['workflow', 'status'],
      registers,
    });
    this.runDuration = talliedHistogram(
      registers,
      'pattern_run_duration_seconds',
      'How long runs took, start to settle',
      ['workflow', 'status'],
      RUN_BUCKETS,
    );
    this.nodeDuration = talliedHistogram(registers, 'pattern_node_duration_seconds', 'How long nodes took, by op', ['op', 'status']);
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
    this.rateLimited = new Counter({
      name: 'pattern_rate_limited_total',
      help: 'Requests refused with 429, by route pattern',
      labelNames: ['route'],
      registers,
    });
    this.httpRequests = new TalliedCounter({
      name: 'pattern_http_requests_total',
      help: 'HTTP requests answered, by route pattern and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.httpDuration = talliedHistogram(
      registers,
      'pattern_http_request_duration_seconds',
      'Time to answer an HTTP request (to the first byte of a streamed body), by route pattern',
      ['method', 'route'],
    );
    this.watchServices(registers);
    const stopStarted = engine.subscribe((event) => {
      if (event.type === 'started') this.runsStarted.inc(this.workflowLabel(event.run.workflowId));
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

  close(): void {
    this.unsubscribe();
    this.registry.clear();
  }

  private workflowLabel(id: string | undefined): string {
    return id === undefined ? INLINE : this.workflows.of(id);
  }

  private settled(record: RunRecord): void {
    const workflow = this.workflowLabel(record.workflowId);
    const key = this.runKeys.of(workflow, record.status);
    this.runsSettled.inc(key);
    if (record.durationMs !== undefined) this.runDuration.observe(key, record.durationMs / 1000);
    const opOf = record.graph && this.opsOf(record.graph);
    if (!opOf) return;
    for (const id in record.nodes) {
      const trace = record.nodes[id] as NodeTrace;
      const op = opOf.get(id);
      if (op === undefined || trace.durationMs === undefined) continue;
      this.nodeDuration.observe(this.nodeKeys.of(this.ops.of(op), trace.status), trace.durationMs / 1000);
    }
  }

  /** Each node's op, derived once per graph: every run of a plan shares its graph object. */
  private opsOf(graph: NonNullable<RunRecord['graph']>): Map<string, string> {
    let ops = this.graphOps.get(graph);
    if (!ops) {
      ops = new Map(graph.nodes.map((node) => [node.id, node.op]));
      this.graphOps.set(graph, ops);
    }
    return ops;
  }

  /** Times the store's and the event store's calls, and reads their leases and consumers on scrape. */
  private watchServices(registers: Registry[]): void {
    const { services } = this.engine;
    const consumers = this.consumers;
    if (services.has('store')) {
      const store = services.get<LeaseLister & object>('store');
      const calls = histogram(registers, 'pattern_store_operation_duration_seconds', 'Store calls by ops and mods, by method', ['operation']);
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
      const calls = histogram(registers, 'pattern_event_store_operation_duration_seconds', 'Event store calls by ops and mods, by method', [
        'operation',
      ]);
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
