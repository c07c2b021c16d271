import type { RunRecord, RunStatus, Workflow } from '@pattern/core';
import { answer } from './client.ts';
import { server } from './server.ts';

const workflow = (id: string) => ({ param: { id: encodeURIComponent(id) } });
const run = (id: string) => ({ param: { id: encodeURIComponent(id) } });

export const endpoints = {
  catalog: async () => (await answer(server.api.ops.$get())).ops,
  workflows: async () => (await answer(server.api.workflows.$get())).workflows,
  workflow: (id: string) => answer(server.api.workflows[':id'].$get(workflow(id))),
  saveWorkflow: (id: string, document: Workflow) => answer(server.api.workflows[':id'].$put({ ...workflow(id), json: document })),
  deleteWorkflow: (id: string) => answer(server.api.workflows[':id'].$delete(workflow(id))),
  /** Runs a saved workflow's test cases (those named, or all), each on in-memory data of its own. */
  runTests: (id: string, names: string[]) => answer(server.api.workflows[':id'].tests.run.$post({ ...workflow(id), json: { names } })),
  /** The document's problems, and the warnings of a valid one. */
  validate: (document: Workflow, signal?: AbortSignal) => answer(server.api.workflows.validate.$post({ json: document }, { init: { signal } })),
  startRun: (document: Workflow, input: unknown) =>
    answer(server.api.runs.$post({ json: { workflow: document, input, wait: false } }, { headers: { 'x-pattern-trigger': 'editor' } })),
  /** Runs the same thing again with the same input: the saved workflow when the run had one, else the graph that ran. */
  rerun: (record: RunRecord) => {
    const target = record.workflowId ? { workflowId: record.workflowId } : { workflow: record.graph };
    return answer(server.api.runs.$post({ json: { ...target, input: record.input, wait: false } }));
  },
  run: (id: string) => answer(server.api.runs[':id'].$get(run(id))),
  cancelRun: (id: string) => answer(server.api.runs[':id'].cancel.$post(run(id))),
  /** A new run that takes this one up again from `from`, reusing the recorded outputs of what ran upstream of it. */
  resumeRun: (id: string, from: string) => answer(server.api.runs[':id'].resume.$post({ ...run(id), json: { from, wait: false } })),
  runs: (query: { workflowId?: string; status?: RunStatus; parentRunId?: string; topLevel?: boolean; limit?: number; cursor?: string }) =>
    answer(
      server.api.runs.$get({
        query: { ...query, limit: query.limit?.toString(), topLevel: query.topLevel === undefined ? undefined : query.topLevel ? 'true' : 'false' },
      }),
    ),
  /** Node status changes of a run as they happen, then `settled`. */
  runEvents: (id: string) => new EventSource(server.api.runs[':id'].events.$path(run(id))),
};
