import { type NodeTrace, type RunRecord, TRUNCATED, type TruncatedValue, truncateValue } from '@pattern/core';

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

/** The record's JSON as stored. Never throws: what cannot be written as JSON (a BigInt output, say) is left out, and says so. */
export function storedText(run: StoredRecord, maxBytes: number): string {
  // No single value can be larger than the whole record, so a small record needs no truncation pass.
  // A value too deep to serialize fails the whole record; the truncation pass marks just that value.
  let text = serialized(run);
  if (text === undefined || text.length > maxBytes) text = serialized(truncateRecord(run, maxBytes));
  return text ?? JSON.stringify(withheldRecord(run, 'not serializable'));
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
    nodes,
  };
}

function serialized(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}
