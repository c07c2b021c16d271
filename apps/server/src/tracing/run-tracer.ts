import { AsyncLocalStorage } from 'node:async_hooks';
import { type Context, ROOT_CONTEXT, type SpanContext, TraceFlags, type Tracer, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { Engine, RunRecord } from '@pattern/core';
import type { MiddlewareHandler } from 'hono';
import { onSettledRuns } from '../metrics/settled-runs.ts';
import { nodeTracing, TRACING_SERVICE, usePropagator } from './node-tracing.ts';
import { exportRun } from './run-spans.ts';
import { SpanPlan } from './span-plan.ts';
import { callerContext } from './traceparent.ts';

export interface RunTracerOptions {
  engine: Engine;
  version: string;
  /** Where spans go: the OTLP HTTP exporter in production, an in-memory one in tests. */
  exporter: SpanExporter;
}

/** The OTLP exporter for `OTEL_EXPORTER_OTLP_ENDPOINT` (the collector's base URL; traces go to its `/v1/traces`). */
export function otlpExporter(endpoint: string): SpanExporter {
  return new OTLPTraceExporter({ url: new URL('v1/traces', endpoint.endsWith('/') ? endpoint : `${endpoint}/`).href });
}

/**
 * Exports each run as an OpenTelemetry trace once it settles, built from its record with the
 * times it ran (nothing on the engine's path while it runs). A child run waits for its top-level
 * run to settle and goes under the node that started it. A request with `traceparent` continues
 * the caller's trace: the header is held for the request while it starts its run. While a run
 * runs, its ops can ask the `tracing` service for the headers naming a node's span, so the services
 * they call continue the trace; the span made at export gets the id those headers named.
 */
export class RunTracer {
  private readonly provider: BasicTracerProvider;
  private readonly tracer: Tracer;
  private readonly callers = new AsyncLocalStorage<Context>();
  private readonly parents = new Map<string, Context>();
  private readonly waiting = new Map<string, RunRecord[]>();
  private readonly unsubscribe: () => void;
  private readonly engine: Engine;
  private readonly plan = new SpanPlan();

  constructor({ engine, version, exporter }: RunTracerOptions) {
    this.engine = engine;
    this.provider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(exporter)], idGenerator: this.plan });
    this.tracer = this.provider.getTracer('pattern', version);
    const stopStarted = engine.subscribe((event) => {
      if (event.type !== 'started' || event.run.parentRunId !== undefined) return;
      const caller = this.callers.getStore();
      if (caller) this.parents.set(event.run.id, caller);
    });
    const stopSettled = onSettledRuns(engine, (record) => this.settled(record));
    usePropagator();
    engine.services.set(
      TRACING_SERVICE,
      nodeTracing((runId, nodeId) => this.nodeSpan(runId, nodeId)),
    );
    this.unsubscribe = () => {
      engine.services.delete(TRACING_SERVICE);
      stopStarted();
      stopSettled();
    };
  }

  /** Holds the trace a request's headers continue while it is handled; requests without one pass untouched. */
  middleware(): MiddlewareHandler {
    return (c, next) => {
      const caller = callerContext((name) => c.req.header(name));
      return caller ? this.callers.run(caller, next) : next();
    };
  }

  /** Sends the spans not sent yet. */
  flush(): Promise<void> {
    return this.provider.forceFlush();
  }

  async close(): Promise<void> {
    this.unsubscribe();
    await this.provider.shutdown();
  }

  private settled(record: RunRecord): void {
    // A child run outlived by its parent (cancelled with it) has nothing left to wait for.
    if (record.parentRunId !== undefined && this.engine.activeRun(record.parentRunId) !== undefined) {
      const siblings = this.waiting.get(record.parentRunId) ?? [];
      siblings.push(record);
      this.waiting.set(record.parentRunId, siblings);
      return;
    }
    const parent = this.parents.get(record.id) ?? ROOT_CONTEXT;
    this.parents.delete(record.id);
    exportRun(this.tracer, this.plan, record, parent, (runId) => this.take(runId));
  }

  /** The span a running node will be exported as: in its top-level run's trace, the caller's when there is one. */
  private nodeSpan(runId: string, nodeId: string): SpanContext | undefined {
    let top = this.engine.activeRun(runId);
    if (!top) return undefined;
    while (top.parent) {
      const up = this.engine.activeRun(top.parent.runId);
      if (!up) break;
      top = up;
    }
    const caller = trace.getSpanContext(this.parents.get(top.id) ?? ROOT_CONTEXT);
    return {
      traceId: caller?.traceId ?? this.plan.traceIdOf(top.id),
      spanId: this.plan.nodeSpanIdOf(runId, nodeId),
      traceFlags: caller?.traceFlags ?? TraceFlags.SAMPLED,
      ...(caller?.traceState ? { traceState: caller.traceState } : {}),
    };
  }

  private take(runId: string): RunRecord[] {
    const children = this.waiting.get(runId) ?? [];
    this.waiting.delete(runId);
    return children;
  }
}
