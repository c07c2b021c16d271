import type { OpContext } from '@pattern/core';

/** The service the server registers while it traces runs (OpenTelemetry); absent otherwise. */
export interface TracingService {
  /** The headers (`traceparent`, `tracestate`) that name a node's span to the service it calls. */
  headersFor(runId: string, nodeId: string): Record<string, string>;
}

/**
 * The trace headers for this node's request, so the callee continues the run's trace under the
 * node's span. None when runs are not traced; headers the workflow sets itself win over them.
 */
export function withTraceHeaders(headers: Record<string, string> | undefined, ctx: OpContext): Record<string, string> | undefined {
  if (!ctx.services.has('tracing')) return headers;
  return { ...ctx.services.get<TracingService>('tracing').headersFor(ctx.runId, ctx.nodeId), ...headers };
}
