import { isoAt, type NodeTrace } from '@pattern/core';

/**
 * Node traces as history stores them: one tuple per node, `[id, status, start, end, durationMs,
 * inputs, outputs, rest]`, with times as milliseconds after the run's start instead of ISO text,
 * and no key repeated per node. A time that would not come back as the same text is kept as
 * text; `rest` holds every other field (error, logs, calls, …) as it is. Trailing empty slots are
 * left off. History written before this layout holds the plain object, which reads back as is.
 */
type Slot = string | number | null | Record<string, unknown>;
type Encoded = Array<[string, ...Slot[]]>;

const KNOWN = new Set(['status', 'startedAt', 'endedAt', 'durationMs', 'inputs', 'outputs']);

export function encodeTraces(nodes: Record<string, NodeTrace>, runStartedAt: string): Encoded {
  const times = new TimeSlots(runStartedAt);
  const out: Encoded = [];
  for (const id in nodes) {
    const node = nodes[id] as NodeTrace;
    const tuple: [string, ...Slot[]] = [
      id,
      node.status,
      times.slot(node.startedAt),
      times.slot(node.endedAt),
      node.durationMs ?? null,
      node.inputs ?? null,
      node.outputs ?? null,
      restOf(node),
    ];
    while (tuple.length > 2 && tuple[tuple.length - 1] === null) tuple.pop();
    out.push(tuple);
  }
  return out;
}

/**
 * Node times as offsets from the run's start. A fast run stamps most of its nodes within the same
 * millisecond, so the last text is converted once; a time in the same minute as a canonical start
 * differs from it only in its seconds and milliseconds, read off the text without parsing a date.
 */
class TimeSlots {
  private readonly base: number;
  /** The start's text up to its seconds, when it is canonical ISO text (what `toISOString` prints). */
  private readonly minute: string | undefined;
  private readonly baseSeconds: number;
  private lastAt: string | undefined;
  private lastSlot: Slot = null;

  constructor(runStartedAt: string) {
    this.base = Date.parse(runStartedAt);
    const canonical = !Number.isNaN(this.base) && isoAt(this.base) === runStartedAt;
    this.minute = canonical ? runStartedAt.slice(0, 17) : undefined;
    this.baseSeconds = canonical ? secondsOf(runStartedAt) : -1;
  }

  slot(at: string | undefined): Slot {
    if (at === this.lastAt) return this.lastSlot;
    this.lastAt = at;
    this.lastSlot = this.convert(at);
    return this.lastSlot;
  }

  private convert(at: string | undefined): Slot {
    if (at === undefined) return null;
    if (this.minute !== undefined && at.length === 24 && at.startsWith(this.minute)) {
      const seconds = secondsOf(at);
      if (seconds >= 0) return seconds - this.baseSeconds;
    }
    return timeSlot(at, this.base);
  }
}

/** Where the digits of `SS.mmm` stand in ISO text. */
const SECOND_DIGITS = [17, 18, 20, 21, 22];

/** `SS.mmmZ` at the end of ISO text as milliseconds into its minute, or -1 when it is not exactly that. */
function secondsOf(text: string): number {
  let ms = 0;
  for (const i of SECOND_DIGITS) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    ms = ms * 10 + digit;
  }
  if (text[19] !== '.' || text[23] !== 'Z' || ms >= 60_000) return -1;
  return ms;
}

export function decodeTraces(stored: unknown, runStartedAt: string): Record<string, NodeTrace> {
  if (!Array.isArray(stored)) return (stored ?? {}) as Record<string, NodeTrace>;
  const base = Date.parse(runStartedAt);
  const nodes: Record<string, NodeTrace> = {};
  for (const [id, status, start, end, durationMs, inputs, outputs, rest] of stored as Encoded) {
    const node = { status } as NodeTrace;
    if (start !== undefined && start !== null) node.startedAt = timeOf(start, base);
    if (end !== undefined && end !== null) node.endedAt = timeOf(end, base);
    if (typeof durationMs === 'number') node.durationMs = durationMs;
    if (inputs !== undefined && inputs !== null) node.inputs = inputs as Record<string, unknown>;
    if (outputs !== undefined && outputs !== null) node.outputs = outputs as Record<string, unknown>;
    nodes[id] = rest && typeof rest === 'object' ? { ...node, ...rest } : node;
  }
  return nodes;
}

function timeSlot(at: string | undefined, base: number): Slot {
  if (at === undefined) return null;
  const ms = Date.parse(at);
  // Only a time that prints back as the very same text is stored as a number.
  if (Number.isNaN(ms) || Number.isNaN(base) || isoAt(ms) !== at) return at;
  return ms - base;
}

function timeOf(slot: Slot, base: number): string {
  return typeof slot === 'number' ? isoAt(base + slot) : String(slot);
}

function restOf(node: NodeTrace): Record<string, unknown> | null {
  let rest: Record<string, unknown> | null = null;
  for (const key in node) {
    if (KNOWN.has(key)) continue;
    const value = (node as Record<string, unknown>)[key];
    if (value !== undefined) (rest ??= {})[key] = value;
  }
  return rest;
}
