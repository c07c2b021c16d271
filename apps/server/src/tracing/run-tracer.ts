import { AsyncLocalStorage } from 'node:async_hooks';
import { type Context, ROOT_CONTEXT, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { Engine, RunRecord } from '@pattern/core';
import type { MiddlewareHandler } from 'hono';
import { onSettledRuns } from '../metrics/settled-runs.ts';
import { exportRun } from './run-spans.ts';
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
 * the caller's trace: the header is held for the request while it starts its run.
 */
export class RunTracer {
  private readonly provider: BasicTracerProvider;
  private readonly tracer: Tracer;
  private readonly callers = new AsyncLocalStorage<Context>();
  private readonly parents = new Map<string, Context>();
  private readonly waiting = new Map<string, RunRecord[]>();
  private readonly unsubscribe: () => void;
  private readonly engine: Engine;

  constructor({ engine, version, exporter }: RunTracerOptions) {
    this.engine = engine;
    this.provider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(exporter)] });
    this.tracer = this.provider.getTracer('pattern', version);
    const stopStarted = engine.subscribe((event) => {
      if (event.type !== 'started' || event.run.parentRunId !== undefined) return;
      const caller = this.callers.getStore();
      if (caller) this.parents.set(event.run.id, caller);
    });
    const stopSettled = onSettledRuns(engine, (record) => this.settled(record));
    this.unsubscribe = () => {
      stopStarted();
      stopSettled();
    };
  }

  /** Holds a request's `traceparent` while it is handled; requests without one pass untouched. */
  middleware(): MiddlewareHandler {
    return (c, next) => {
      const caller = callerContext(c.req.header('traceparent'));
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
    exportRun(this.tracer, record, parent, (runId) => this.take(runId));
  }

  private take(runId: string): RunRecord[] {
    const children = this.waiting.get(runId) ?? [];
    this.waiting.delete(runId);
    return children;
  }
}
