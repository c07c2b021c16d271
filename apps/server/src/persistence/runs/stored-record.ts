import { type NodeTrace, type RunRecord, TRUNCATED, type TruncatedValue, truncateValue } from '@pattern/core';
import { encodeTraces } from './trace-codec.ts';

export type StoredRecord = Omit<RunRecord, 'graph'>;

/** The record as stored: trace values over the limit become truncation markers. */
export function truncateRecord<R extends StoredRecord>(run: R, maxBytes: number): R {
  const values = (record: Record<string, unknown> | undefined) =>
    record && Object.fromEntries(Object.entries(record).map(([key, value]) => [key, truncateValue(value, maxBytes)]));
  const nodes: Record<string, NodeTrace> = {};
  for (const [id, node] of Object.entries(run.nodes)) {
    const inputs = values(node.inputs);
    const outputs = values(node.outputs);
    nodes[id] = { ...node, ...(inputs ? { inputs } : {}), ...(outputs ? { outputs } : {}) };
  }
  return {
    ...run,
    input: truncateValue(run.input, maxBytes),
    ...(run.output !== undefined ? { output: truncateValue(run.output, maxBytes) } : {}),
    nodes,
  };
}

/** A record as a store writes it: its summary's JSON, and its node traces' JSON (see trace-codec.ts). */
export interface StoredParts {
  summary: string;
  traces: string;
}

/** The record as stored, in two parts. Never throws: what cannot be written as JSON (a BigInt output, say) is left out, and says so. */
export function storedParts(run: StoredRecord, maxBytes: number): StoredParts {
  // No single value can be larger than the part holding it, so small parts need no truncation pass.
  // A value too deep to serialize fails its part; the truncation pass marks just that value.
  let parts = serializedParts(run);
  if (parts === undefined || parts.summary.length > maxBytes || parts.traces.length > maxBytes)
    parts = serializedParts(truncateRecord(run, maxBytes));
  return parts ?? (serializedParts(withheldRecord(run, 'not serializable')) as StoredParts);
}

/** The parts of a record that holds no values (see `withheldRecord`). */
export function withheldParts(run: StoredRecord): StoredParts {
  return serializedParts(run) as StoredParts;
}

/**
 * What history keeps of a run whose record cannot be stored whole: which run, how and when it
 * ended, each node's status, and in place of its values a marker that says why they are missing.
 * It holds only ids, statuses, times and the error's code and message.
 */
export function withheldRecord(run: StoredRecord, reason: string): StoredRecord {
  const withheld: TruncatedValue = { [TRUNCATED]: true, bytes: -1, preview: `(${reason})` };
  const nodes: Record<string, NodeTrace> = {};
  for (const [id, node] of Object.entries(run.nodes)) {
    nodes[id] = {
      status: node.status,
      ...(node.startedAt !== undefined ? { startedAt: String(node.startedAt) } : {}),
      ...(node.endedAt !== undefined ? { endedAt: String(node.endedAt) } : {}),
      ...(node.durationMs !== undefined ? { durationMs: Number(node.durationMs) } : {}),
    };
  }
  return {
    id: run.id,
    ...(run.workflowId !== undefined ? { workflowId: String(run.workflowId) } : {}),
    ...(run.workflowVersion !== undefined ? { workflowVersion: Number(run.workflowVersion) } : {}),
    trigger: { kind: String(run.trigger.kind) },
    status: run.status,
    input: withheld,
    ...(run.output !== undefined ? { output: withheld } : {}),
    ...(run.error ? { error: { code: String(run.error.code), message: String(run.error.message), details: null } } : {}),
    startedAt: String(run.startedAt),
    ...(run.endedAt !== undefined ? { endedAt: String(run.endedAt) } : {}),
    ...(run.durationMs !== undefined ? { durationMs: Number(run.durationMs) } : {}),
    ...(run.tracesDropped !== undefined ? { tracesDropped: run.tracesDropped } : {}),
    ...(run.parentRunId !== undefined ? { parentRunId: String(run.parentRunId) } : {}),
    ...(run.parentNodeId !== undefined ? { parentNodeId: String(run.parentNodeId) } : {}),
    nodes,
  };
}

function serializedParts(run: StoredRecord): StoredParts | undefined {
  const { nodes, ...summary } = run;
  try {
    return { summary: JSON.stringify(summary), traces: JSON.stringify(encodeTraces(nodes, run.startedAt)) };
  } catch {
    return undefined;
  }
}
