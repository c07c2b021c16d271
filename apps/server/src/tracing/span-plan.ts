import { type IdGenerator, RandomIdGenerator } from '@opentelemetry/sdk-trace-base';

/**
 * Ids of spans that are made only once their run settles but must be known while it runs, so that
 * a request a node sends can name the node's span. A run's trace id and a node's span id are fixed
 * the first time they are asked for, and the span made at export takes them; every other id is
 * random. The spans of one run are made in one synchronous pass, so one pending id at a time is enough.
 */
export class SpanPlan implements IdGenerator {
  private readonly random = new RandomIdGenerator();
  private readonly traceIds = new Map<string, string>();
  private readonly nodeSpanIds = new Map<string, Map<string, string>>();
  private pending: { traceId?: string | undefined; spanId?: string | undefined } = {};

  /** The trace id of a top-level run that continues no caller's trace. */
  traceIdOf(runId: string): string {
    let id = this.traceIds.get(runId);
    if (id === undefined) this.traceIds.set(runId, (id = this.random.generateTraceId()));
    return id;
  }

  nodeSpanIdOf(runId: string, nodeId: string): string {
    let nodes = this.nodeSpanIds.get(runId);
    if (!nodes) this.nodeSpanIds.set(runId, (nodes = new Map()));
    let id = nodes.get(nodeId);
    if (id === undefined) nodes.set(nodeId, (id = this.random.generateSpanId()));
    return id;
  }

  /** Makes a span with the ids planned for it, if any: the run's trace id, or a node's span id. */
  startWith<T>(runId: string, nodeId: string | undefined, start: () => T): T {
    this.pending = {
      traceId: nodeId === undefined ? this.traceIds.get(runId) : undefined,
      spanId: nodeId === undefined ? undefined : this.nodeSpanIds.get(runId)?.get(nodeId),
    };
    try {
      return start();
    } finally {
      this.pending = {};
    }
  }

  /** Drops a run's plan once its spans are made. */
  forget(runId: string): void {
    this.traceIds.delete(runId);
    this.nodeSpanIds.delete(runId);
  }

  generateTraceId(): string {
    const id = this.pending.traceId ?? this.random.generateTraceId();
    this.pending.traceId = undefined;
    return id;
  }

  generateSpanId(): string {
    const id = this.pending.spanId ?? this.random.generateSpanId();
    this.pending.spanId = undefined;
    return id;
  }
}
