import type { NodeTrace } from '@pattern/core';

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
  const base = Date.parse(runStartedAt);
  // A fast run stamps most of its nodes within the same millisecond: the same text, converted once.
  let lastAt: string | undefined;
  let lastSlot: Slot = null;
  const time = (at: string | undefined): Slot => {
    if (at !== lastAt) {
      lastAt = at;
      lastSlot = timeSlot(at, base);
    }
    return lastSlot;
  };
  const out: Encoded = [];
  for (const id in nodes) {
    const node = nodes[id] as NodeTrace;
    const tuple: [string, ...Slot[]] = [
      id,
      node.status,
      time(node.startedAt),
      time(node.endedAt),
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
  if (Number.isNaN(ms) || Number.isNaN(base) || new Date(ms).toISOString() !== at) return at;
  return ms - base;
}

function timeOf(slot: Slot, base: number): string {
  return typeof slot === 'number' ? new Date(base + slot).toISOString() : String(slot);
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
