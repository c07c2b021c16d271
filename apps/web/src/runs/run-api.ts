import { api } from '../api/client.ts';
import type { RunRecord } from '../api/types.ts';

/** Runs the same thing again with the same input: the saved workflow when the run had one, else the graph that ran. */
export function rerun(run: RunRecord): Promise<RunRecord> {
  const target = run.workflowId ? { workflowId: run.workflowId } : { workflow: run.graph };
  return api<RunRecord>('/api/runs', { method: 'POST', body: { ...target, input: run.input, wait: false } });
}
