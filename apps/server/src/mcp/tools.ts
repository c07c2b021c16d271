import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { toErrorBody } from '@pattern/core';
import { z } from 'zod';
import { type Grant, grantAllows, type Scope } from '../tokens/scopes.ts';
import type { PatternApi } from './pattern-api.ts';

const enc = encodeURIComponent;
const WorkflowDocument = z
  .record(z.string(), z.unknown())
  .describe('A workflow document: { nodes: [{ id, op, config }], edges: [{ from: { node, port }, to: { node, port } }] }');

interface Tool<S extends z.ZodRawShape> {
  name: string;
  title: string;
  description: string;
  /** What a token needs to use it; checked before the call, and again by the API. */
  scope: Scope;
  input: S;
  readOnly: boolean;
  run(args: z.infer<z.ZodObject<S>>, api: PatternApi): Promise<unknown>;
}

const tool = <S extends z.ZodRawShape>(spec: Tool<S>) => spec;

const query = (params: Record<string, string | number | undefined>) => {
  const entries = Object.entries(params).filter((e): e is [string, string | number] => e[1] !== undefined);
  return entries.length ? `?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)]))}` : '';
};

/** The tools, each one API call or two, each with the scope it needs. */
export const TOOLS = [
  tool({
    name: 'list_ops',
    title: 'List ops',
    description: 'Every op installed on this server, by category: name, title and what it does. Use get_op for its ports.',
    scope: 'workflows:read',
    input: { category: z.string().optional().describe('Only the ops of this category (flow, store, string, …)') },
    readOnly: true,
    async run({ category }, api) {
      const { ops } = await api.call<{ ops: Array<{ name: string; title?: string; category?: string; description?: string }> }>('GET', '/api/ops');
      return ops
        .filter((op) => category === undefined || op.category === category)
        .map(({ name, title, category: c, description }) => ({ name, title, category: c, description }));
    },
  }),
  tool({
    name: 'get_op',
    title: 'Get an op',
    description: 'One op in full: its input and output ports with their JSON Schemas and descriptions, its config and its runnable examples.',
    scope: 'workflows:read',
    input: { name: z.string().describe('The op name, e.g. store.put') },
    readOnly: true,
    run: ({ name }, api) => api.call('GET', `/api/ops/${enc(name)}`),
  }),
  tool({
    name: 'search_docs',
    title: 'Search the docs',
    description: 'Searches the handbook and the op reference; answers the best pages with their paths (read them as resources).',
    scope: 'workflows:read',
    input: { query: z.string().min(1).max(200).describe('Words to look for') },
    readOnly: true,
    run: ({ query: q }, api) => api.call('GET', `/docs/search.json${query({ q })}`),
  }),
  tool({
    name: 'list_workflows',
    title: 'List workflows',
    description: 'The saved workflows: id, name, route, whether the draft is valid, the active version and the last run.',
    scope: 'workflows:read',
    input: {},
    readOnly: true,
    run: (_args, api) => api.call('GET', '/api/workflows'),
  }),
  tool({
    name: 'get_workflow',
    title: 'Get a workflow',
    description: 'One saved workflow with its document (the draft) and its problems.',
    scope: 'workflows:read',
    input: { id: z.string().describe('The workflow id') },
    readOnly: true,
    run: ({ id }, api) => api.call('GET', `/api/workflows/${enc(id)}`),
  }),
  tool({
    name: 'validate_workflow',
    title: 'Validate a workflow',
    description:
      'Checks a workflow document without saving it. Answers its problems, each located (nodes[1].config.collection) with a message; none means it would run.',
    scope: 'workflows:read',
    input: { workflow: WorkflowDocument },
    readOnly: true,
    run: ({ workflow }, api) => api.call('POST', '/api/workflows/validate', workflow),
  }),
  tool({
    name: 'save_workflow',
    title: 'Save a workflow',
    description:
      'Saves a workflow document as the draft of `id` (kept even with problems, which the answer lists). With publish, a valid draft also becomes the active version that serves its route, schedule and events.',
    scope: 'workflows:write',
    input: {
      id: z.string().describe('The workflow id'),
      workflow: WorkflowDocument,
      publish: z.boolean().optional().describe('Also publish the draft as the active version (it must be valid)'),
      note: z.string().max(2000).optional().describe('What changed, kept with the published version'),
    },
    readOnly: false,
    async run({ id, workflow, publish, note }, api) {
      const saved = await api.call<{ valid: boolean; problems: unknown }>('PUT', `/api/workflows/${enc(id)}`, workflow);
      if (!publish) return saved;
      if (!saved.valid) return { saved, published: false, reason: 'The draft has problems; fix them and save again to publish' };
      return { saved, ...(await api.call<object>('POST', `/api/workflows/${enc(id)}/versions`, { note: note ?? '' })) };
    },
  }),
  tool({
    name: 'run_workflow',
    title: 'Run a workflow',
    description:
      'Runs a saved workflow (by id) or a document as it is, with an input, and answers the settled run: status, output, error and each node’s trace.',
    scope: 'runs:write',
    input: {
      workflowId: z.string().optional().describe('A saved workflow to run'),
      workflow: WorkflowDocument.optional(),
      input: z.unknown().optional().describe('The run’s input (flow.input hands it to the graph)'),
    },
    readOnly: false,
    run: ({ workflowId, workflow, input }, api) =>
      api.call('POST', '/api/runs', { ...(workflowId !== undefined ? { workflowId } : { workflow }), input: input ?? null, wait: true }),
  }),
  tool({
    name: 'list_runs',
    title: 'List runs',
    description: 'Run history, newest first, without node traces.',
    scope: 'runs:read',
    input: {
      workflowId: z.string().optional(),
      status: z.enum(['running', 'ok', 'error', 'cancelled']).optional(),
      limit: z.number().int().min(1).max(100).optional(),
    },
    readOnly: true,
    run: ({ workflowId, status, limit }, api) => api.call('GET', `/api/runs${query({ workflowId, status, limit: limit ?? 20 })}`),
  }),
  tool({
    name: 'get_run',
    title: 'Get a run',
    description: 'One run with every node’s inputs, outputs, timing and error.',
    scope: 'runs:read',
    input: { id: z.string().describe('The run id') },
    readOnly: true,
    run: ({ id }, api) => api.call('GET', `/api/runs/${enc(id)}`),
  }),
  tool({
    name: 'query_documents',
    title: 'Query documents',
    description: 'Documents of a store collection, filtered by indexed fields (where: { field: value }), in pages.',
    scope: 'data:read',
    input: {
      collection: z.string(),
      where: z.record(z.string(), z.unknown()).optional().describe('Equality (or { $gt, $lt, … }) on indexed fields'),
      limit: z.number().int().min(1).max(100).optional(),
      cursor: z.string().optional().describe('The next page, from the last answer'),
    },
    readOnly: true,
    run: ({ collection, where, limit, cursor }, api) =>
      api.call('GET', `/api/store/collections/${enc(collection)}/docs${query({ where: where && JSON.stringify(where), limit, cursor })}`),
  }),
  tool({
    name: 'read_stream',
    title: 'Read an event stream',
    description: 'The events of one stream (an aggregate type and id), in order, from a version on.',
    scope: 'data:read',
    input: { type: z.string().describe('The aggregate type'), id: z.string().describe('The aggregate id'), from: z.number().int().min(0).optional() },
    readOnly: true,
    run: ({ type, id, from }, api) => api.call('GET', `/api/events/streams/${enc(type)}/${enc(id)}${query({ from })}`),
  }),
];

const result = (value: unknown, isError = false): CallToolResult => ({ content: [{ type: 'text', text: JSON.stringify(value, null, 2) }], isError });

/** Registers every tool on `server`; with a grant (in process), a tool it does not allow answers an error naming the scope. */
export function registerTools(server: McpServer, api: PatternApi, grant: Grant | undefined): void {
  for (const spec of TOOLS as Array<Tool<z.ZodRawShape>>) {
    server.registerTool(
      spec.name,
      {
        title: spec.title,
        description: `${spec.description} Needs the scope ${spec.scope}.`,
        inputSchema: spec.input,
        annotations: { readOnlyHint: spec.readOnly },
      },
      async (args: Record<string, unknown>) => {
        if (grant && !grantAllows(grant, spec.scope)) {
          return result(
            { error: { code: 'forbidden', message: `This token does not have the scope ${spec.scope}`, details: { scope: spec.scope } } },
            true,
          );
        }
        try {
          return result(await spec.run(args as never, api));
        } catch (error) {
          return result({ error: toErrorBody(error) }, true);
        }
      },
    );
  }
}
