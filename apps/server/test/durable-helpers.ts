import { existsSync, readFileSync } from 'node:fs';
import { edge } from './helpers.ts';

/** Five nodes: the input, a lease the run owns, a store.put, a node a test can hold, the output. */
export const durableWorkflow = {
  durable: true,
  nodes: [
    { id: 'in', op: 'flow.input' },
    { id: 'lease', op: 'store.lease.acquire', config: { key: 'order-lock', ttlMs: 600_000 } },
    { id: 'put', op: 'store.put', config: { collection: 'orders', id: 'o-1' } },
    { id: 'hold', op: 'steps.pass' },
    { id: 'out', op: 'flow.output' },
  ],
  edges: [
    edge('in', 'value', 'lease', 'after'),
    edge('in', 'value', 'put', 'data'),
    edge('lease', 'lease', 'put', 'after'),
    edge('put', 'doc', 'hold', 'value'),
    edge('hold', 'value', 'out', 'value'),
  ],
};

/** Node statuses from history's stored traces: one `[id, status, …]` tuple per node. */
export function nodeStatuses(traces: string | null): Record<string, string> {
  if (traces === null) return {};
  const parsed = JSON.parse(traces) as unknown;
  if (!Array.isArray(parsed))
    return Object.fromEntries(Object.entries(parsed as Record<string, { status: string }>).map(([id, t]) => [id, t.status]));
  return Object.fromEntries((parsed as Array<[string, string]>).map(([id, status]) => [id, status]));
}

export function readLines(file: string): string[] {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
}
