import { api } from './client.ts';
import type { CatalogOp, Problem, RunPage, RunRecord, SavedWorkflow, Workflow, WorkflowListing } from './types.ts';

const path = (id: string) => `/api/workflows/${encodeURIComponent(id)}`;

export const endpoints = {
  catalog: async () => (await api<{ ops: CatalogOp[] }>('/api/ops')).ops,
  workflows: async () => (await api<{ workflows: WorkflowListing[] }>('/api/workflows')).workflows,
  workflow: (id: string) => api<SavedWorkflow>(path(id)),
  saveWorkflow: (id: string, document: Workflow) => api<SavedWorkflow>(path(id), { method: 'PUT', body: document }),
  deleteWorkflow: (id: string) => api<void>(path(id), { method: 'DELETE' }),
  validate: async (document: Workflow, signal?: AbortSignal) =>
    (await api<{ problems: Problem[] }>('/api/workflows/validate', { method: 'POST', body: document, signal })).problems,
  startRun: (workflow: Workflow, input: unknown) =>
    api<RunRecord>('/api/runs', { method: 'POST', body: { workflow, input, wait: false }, headers: { 'x-pattern-trigger': 'editor' } }),
  run: (id: string) => api<RunRecord>(`/api/runs/${encodeURIComponent(id)}`),
  cancelRun: (id: string) => api<RunRecord>(`/api/runs/${encodeURIComponent(id)}/cancel`, { method: 'POST' }),
  runs: (query: { workflowId?: string; status?: string; limit?: number; cursor?: string }) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
    return api<RunPage>(`/api/runs?${params}`);
  },
};
