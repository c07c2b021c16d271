import type { ErrorValue, RunRecord } from './record.ts';

const INTERRUPTED: ErrorValue = { code: 'interrupted', message: 'The server stopped while this run was running', details: null };

/**
 * A run a stop left recorded as `running`, settled as `error: interrupted`: a node that was running
 * ends in that error, one still waiting is skipped. A run recorded before any node traced keeps its graph's nodes.
 */
export function interruptedRecord(run: RunRecord, now: number): RunRecord {
  const traced =
    Object.keys(run.nodes).length > 0 ? run.nodes : Object.fromEntries((run.graph?.nodes ?? []).map((n) => [n.id, { status: 'pending' as const }]));
  const nodes = Object.fromEntries(
    Object.entries(traced).map(([id, node]) => [
      id,
      node.status === 'running'
        ? { ...node, status: 'error' as const, error: INTERRUPTED }
        : node.status === 'pending'
          ? { ...node, status: 'skipped' as const }
          : node,
    ]),
  );
  return { ...run, status: 'error', error: INTERRUPTED, nodes, endedAt: new Date(now).toISOString(), durationMs: now - Date.parse(run.startedAt) };
}
