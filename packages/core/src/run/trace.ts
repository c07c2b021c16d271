import type { ChildRunsTrace, ErrorValue, LogLine, NodeStatus, NodeTrace } from './record.ts';

/** A `ctx.call` a node made; times are `performance.now()` values. */
export interface CallState {
  op: string;
  start: number;
  end?: number;
  inputs: unknown;
  outputs?: unknown;
  error?: ErrorValue;
}

/** A failed attempt of a node that was then retried. */
export interface AttemptState {
  start: number;
  end: number;
  error: ErrorValue;
}

/** What a node leaves behind; times are `performance.now()` values. */
export interface TraceState {
  start: number;
  end?: number;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  error?: ErrorValue;
  logs?: LogLine[];
  calls?: CallState[];
  /** Child runs the node started; updated in place as they settle. */
  children?: ChildRunsTrace;
  /** Attempts that failed and were retried; `attemptStart` is when the current one began (unset while waiting for it). */
  attempts?: AttemptState[];
  attemptStart?: number;
}

/** A node's trace as the run record holds it; `iso` turns a `performance.now()` value into a timestamp. */
export function nodeTraceOf(status: NodeStatus, trace: TraceState | undefined, iso: (perf: number) => string): NodeTrace {
  if (!trace) return { status };
  const out = commonTrace(status, trace, iso);
  if (trace.error) out.error = trace.error;
  if (trace.logs) out.logs = trace.logs;
  if (trace.children) {
    const { runs, ...counts } = trace.children;
    out.children = { ...counts, runs: runs.map((child) => ({ ...child })) };
  }
  if (trace.attempts) out.attempts = attemptsOf(trace, iso);
  if (trace.calls) {
    out.calls = trace.calls.map((c) => ({
      op: c.op,
      startedAt: iso(c.start),
      durationMs: roundMs((c.end ?? performance.now()) - c.start),
      inputs: c.inputs,
      ...(c.outputs !== undefined ? { outputs: c.outputs } : {}),
      ...(c.error ? { error: c.error } : {}),
    }));
  }
  return out;
}

/**
 * Status, times, inputs and outputs. A node that ended with inputs and outputs (most) gets them in
 * one literal, which keeps them inside the object: the smallest a record history keeps in memory can be.
 */
function commonTrace(status: NodeStatus, { start, end, inputs, outputs }: TraceState, iso: (perf: number) => string): NodeTrace {
  if (end !== undefined && inputs && outputs) {
    return { status, startedAt: iso(start), endedAt: iso(end), durationMs: roundMs(end - start), inputs, outputs };
  }
  const out: NodeTrace = { status, startedAt: iso(start) };
  if (end !== undefined) {
    out.endedAt = iso(end);
    out.durationMs = roundMs(end - start);
  }
  if (inputs) out.inputs = inputs;
  if (outputs) out.outputs = outputs;
  return out;
}

function attemptsOf(trace: TraceState, iso: (perf: number) => string): NonNullable<NodeTrace['attempts']> {
  const all: Array<{ start: number; end?: number; error?: ErrorValue }> = [...(trace.attempts ?? [])];
  if (trace.attemptStart !== undefined) all.push({ start: trace.attemptStart, end: trace.end, error: trace.error });
  return all.map((a, i) => ({
    attempt: i + 1,
    startedAt: iso(a.start),
    durationMs: roundMs((a.end ?? performance.now()) - a.start),
    ...(a.error ? { error: a.error } : {}),
  }));
}

/** Durations keep microseconds, no more. */
export function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/** The furthest a Date reaches either side of 1970. */
const MAX_TIME_MS = 8.64e15;

let lastMs = Number.NaN;
let lastIso = '';
let lastSecond = Number.NaN;
/** `toISOString()` of `lastSecond`, up to its milliseconds: `2026-01-01T00:00:00.`. */
let secondPrefix = '';

/**
 * ISO text of an epoch millisecond, as `toISOString()` writes it. A fast run stamps most
 * of its nodes within the same millisecond, and most runs within the same second: the text of the
 * second is made once (`toISOString()` costs some 25 times what joining its milliseconds to it does).
 */
export function isoAt(ms: number): string {
  if (ms !== lastMs) {
    // As Date does: a fraction of a millisecond is cut off, and a time out of its range refused (RangeError).
    const whole = Math.abs(ms) <= MAX_TIME_MS ? Math.trunc(ms) : Number.NaN;
    const second = Math.floor(whole / 1000);
    if (second !== lastSecond) {
      secondPrefix = new Date(second * 1000).toISOString().slice(0, -4);
      lastSecond = second;
    }
    const milli = whole - second * 1000;
    lastMs = ms;
    lastIso = `${secondPrefix}${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
  }
  return lastIso;
}
