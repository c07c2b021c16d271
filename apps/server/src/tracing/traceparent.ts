import { type Context, isSpanContextValid, propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';

/**
 * The caller's span a request's trace headers name (`traceparent` and `tracestate` with W3C Trace
 * Context), as a context to start spans in; undefined when they name none or a malformed one.
 */
export function callerContext(header: (name: string) => string | undefined): Context | undefined {
  const carrier: Record<string, string> = {};
  for (const name of propagation.fields()) {
    const value = header(name);
    if (value !== undefined) carrier[name] = value;
  }
  if (Object.keys(carrier).length === 0) return undefined;
  const context = propagation.extract(ROOT_CONTEXT, carrier);
  const span = trace.getSpanContext(context);
  return span && isSpanContextValid(span) ? context : undefined;
}
