import { propagation, ROOT_CONTEXT, type SpanContext, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

/** The service name ops look tracing up by; registered only while runs are traced. */
export const TRACING_SERVICE = 'tracing';

/** What ops see of tracing: the headers that carry a node's span into a request the node sends. */
export interface NodeTracing {
  /** `traceparent` (and `tracestate` when the trace has one) naming the node's span, by the process's propagator. */
  headersFor(runId: string, nodeId: string): Record<string, string>;
}

/**
 * Uses W3C Trace Context unless the process registered a propagator of its own, which then wins,
 * as it does for every other OpenTelemetry instrumentation in that process.
 */
export function usePropagator(): void {
  if (propagation.fields().length === 0) propagation.setGlobalPropagator(new W3CTraceContextPropagator());
}

/** The service for the span contexts `spanOf` gives; a node it knows nothing of sends no header. */
export function nodeTracing(spanOf: (runId: string, nodeId: string) => SpanContext | undefined): NodeTracing {
  return {
    headersFor(runId, nodeId) {
      const span = spanOf(runId, nodeId);
      const headers: Record<string, string> = {};
      if (span) propagation.inject(trace.setSpanContext(ROOT_CONTEXT, span), headers);
      return headers;
    },
  };
}
