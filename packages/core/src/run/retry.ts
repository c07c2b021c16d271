import type { RetryPolicy } from '../workflow/schema.ts';
import type { ErrorValue } from './record.ts';
import type { TraceState } from './trace.ts';

/** Failures that come out the same however often they are tried: the input or the state is wrong, not the moment. */
export const NOT_RETRIED: readonly string[] = ['validation_failed', 'invalid_input', 'conflict'];
export const DEFAULT_RETRY_DELAY_MS = 1000;
export const DEFAULT_RETRY_MAX_DELAY_MS = 60_000;

/** The wait after the failed attempt number `attempt` (1 is the first). */
export function retryDelay(policy: RetryPolicy, attempt: number): number {
  const base = policy.delayMs ?? DEFAULT_RETRY_DELAY_MS;
  const grown = policy.backoff === 'exponential' ? base * 2 ** (attempt - 1) : base;
  return Math.min(grown, policy.maxDelayMs ?? DEFAULT_RETRY_MAX_DELAY_MS);
}

/** Whether a failure with this code, on attempt number `attempt`, is tried again. */
export function retries(policy: RetryPolicy, code: string, attempt: number): boolean {
  if (attempt >= policy.attempts) return false;
  return policy.on ? policy.on.includes(code) : !NOT_RETRIED.includes(code);
}

interface RetryingRun {
  /** Aborted when the run ends (timeout, cancel, another node's failure): the wait ends with it. */
  readonly signal: AbortSignal;
}

/**
 * Called when an attempt of a node failed. When its policy allows another attempt, the failed one
 * goes into the trace, `again` runs the node after the policy's wait, and this returns true; the
 * node stays `running` meanwhile. The wait listens to the run's signal, so a run that ends while a
 * node waits leaves no timer behind.
 */
export function retryNode(run: RetryingRun, policy: RetryPolicy | undefined, trace: TraceState, error: ErrorValue, again: () => void): boolean {
  if (!policy) return false;
  const attempt = (trace.attempts?.length ?? 0) + 1;
  if (!retries(policy, error.code, attempt)) return false;
  const signal = run.signal;
  if (signal.aborted) return false;
  (trace.attempts ??= []).push({ start: trace.attemptStart ?? trace.start, end: performance.now(), error });
  trace.attemptStart = undefined;
  trace.end = undefined;
  const stop = () => clearTimeout(timer);
  const timer = setTimeout(
    () => {
      signal.removeEventListener('abort', stop);
      trace.attemptStart = performance.now();
      again();
    },
    retryDelay(policy, attempt),
  );
  signal.addEventListener('abort', stop, { once: true });
  return true;
}
