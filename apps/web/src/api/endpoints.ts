import { api } from './client.ts';
import type { CatalogOp, Problem, RunPage, RunRecord, SavedWorkflow, Workflow } from './types.ts';

type RawSaved = Partial<SavedWorkflow> & { document?: Workflow } & Partial<Workflow>;

/** The server may answer with the saved entry (`{ id, document, ... }`) or the bare document. */
function toSaved(raw: RawSaved): SavedWorkflow {
  const document = (raw.document ?? raw) as Workflow;
  const id = raw.id ?? document.id ?? '';
  return {
    id,
    document: { ...document, id, nodes: document.nodes ?? [], edges: document.edges ?? [] },
    updatedAt: raw.updatedAt,
    readOnly: raw.readOnly ?? false,
    route: raw.route,
    problems: raw.problems ?? [],
  };
}

function listOf<T>(body: unknown, key: string): T[] {
  if (Array.isArray(body)) return body as T[];
  const value = (body as Record<string, unknown> | null)?.[key];
  return Array.isArray(value) ? (value as T[]) : [];
}

export const endpoints = {
  catalog: async () => listOf<CatalogOp>(await api('/api/ops'), 'ops'),
  workflows: async () => listOf<RawSaved>(await api('/api/workflows'), 'workflows').map(toSaved),
  workflow: async (id: string) => toSaved(await api<RawSaved>(`/api/workflows/${encodeURIComponent(id)}`)),
  saveWorkflow: async (id: string, document: Workflow) =>
    toSaved(await api<RawSaved>(`/api/workflows/${encodeURIComponent(id)}`, { method: 'PUT', body: document })),
  deleteWorkflow: (id: string) => api<void>(`/api/workflows/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  validate: async (document: Workflow, signal?: AbortSignal) =>
    (await api<{ problems: Problem[] }>('/api/workflows/validate', { method: 'POST', body: document, signal })).problems ?? [],
  startRun: (workflow: Workflow, input: unknown) => api<RunRecord>('/api/runs', { method: 'POST', body: { workflow, input, wait: false } }),
  run: (id: string) => api<RunRecord>(`/api/runs/${encodeURIComponent(id)}`),
  cancelRun: (id: string) => api<unknown>(`/api/runs/${encodeURIComponent(id)}/cancel`, { method: 'POST' }),
  runs: async (query: { workflowId?: string; status?: string; limit?: number; cursor?: string }) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
    const body = await api<RunPage | RunPage['runs']>(`/api/runs?${params}`);
    return Array.isArray(body) ? { runs: body, next: null } : { runs: body.runs ?? [], next: body.next ?? null };
  },
};
