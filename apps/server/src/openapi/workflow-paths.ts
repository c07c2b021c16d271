import { HttpRequestConfigSchema, type ParamType, type Plan, type PlanNode, type WorkflowEntry } from '@pattern/core';
import { openApiPath, queryParameters } from './admin-paths.ts';
import type { Components } from './components.ts';

type Json = Record<string, unknown>;

/** The tag of the routes saved workflows serve. */
export const ROUTES_TAG = 'Routes';

const PARAM_SCHEMAS: Record<ParamType, Json> = {
  string: { type: 'string' },
  integer: { type: 'integer' },
  number: { type: 'number' },
  uuid: { type: 'string', format: 'uuid' },
  ulid: { type: 'string', pattern: '^[0-7][0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{25}$' },
};

/** One operation per route a saved workflow serves: its contract as declared, its answers as its `http.response` nodes give them. */
export function workflowOperation(entry: WorkflowEntry, components: Components): { path: string; method: string; operation: Json } | undefined {
  const route = entry.route;
  const document = entry.active?.document ?? entry.document;
  const plan = entry.active ? entry.active.plan : entry.plan;
  if (!route || !plan) return undefined;
  const trigger = plan.nodes.find((node) => node.op.name === 'http.request');
  const config = HttpRequestConfigSchema.safeParse(trigger?.settings ?? {});
  if (!trigger || !config.success) return undefined;
  const { params = {}, querySchema, headersSchema, bodySchema } = config.data;
  const { path, params: names } = openApiPath(route.path);
  const embed = (schema: Json | undefined, part: string) => (schema ? components.embed(schema, `${entry.id}.${part}`) : undefined);
  const query = embed(querySchema, 'query');
  const headers = embed(headersSchema, 'headers');
  const body = embed(bodySchema, 'body');
  const parameters = [
    ...names.map((name) => ({ name, in: 'path', required: true, schema: PARAM_SCHEMAS[params[name] ?? 'string'] })),
    ...queryParameters(query),
    ...queryParameters(headers, 'header'),
  ];
  const contract = Object.values(params).some((type) => type !== 'string') || query !== undefined || headers !== undefined || body !== undefined;
  const operation: Json = {
    operationId: entry.id,
    summary: document.name ?? entry.id,
    ...(document.description ? { description: document.description } : {}),
    tags: [ROUTES_TAG],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(body ? { requestBody: { required: true, content: { 'application/json': { schema: body } } } } : {}),
    responses: {
      ...answers(plan, entry.id, components),
      ...(contract ? { '422': { $ref: '#/components/responses/RequestInvalid' } } : {}),
      '500': { $ref: '#/components/responses/RunFailed' },
    },
    ...(route.auth ? { security: [{ adminToken: [] }] } : {}),
  };
  return { path, method: route.method.toLowerCase(), operation };
}

/** The answers of the workflow's `http.response` nodes by status; without one, the run's output. */
function answers(plan: Plan, id: string, components: Components): Record<string, Json> {
  const responders = plan.nodes.filter((node) => node.op.name === 'http.response');
  if (responders.length === 0) {
    return {
      '200': { description: 'The output of the run, as JSON.', content: { 'application/json': { schema: {} } } },
      '204': { description: 'The run gave no output.' },
    };
  }
  const out: Record<string, Json> = {};
  for (const node of responders) {
    const status = statusOf(plan, node);
    const schemas = (node.settings as { bodySchema?: Record<string, Json> }).bodySchema ?? {};
    const schema = schemas[status] ?? schemas.default;
    const media = schema ? 'application/json' : bodyMedia(plan, node);
    out[status] = {
      description: status === 'default' ? 'The answer, with the status the workflow computes.' : `Answered by node ${node.id}.`,
      content: { [media]: { schema: schema ? components.embed(schema, `${id}.${node.id}.${status}`) : {} } },
    };
  }
  return out;
}

/** The status a response node answers with: its constant, 200 when unset, or any when an edge sets it. */
function statusOf(plan: Plan, node: PlanNode): string {
  if (wiredFrom(plan, node, 'status')) return 'default';
  const status = node.constants.status;
  return typeof status === 'number' ? String(status) : '200';
}

/** Text when the body is a string (given or wired from a port that only carries strings), JSON otherwise. */
function bodyMedia(plan: Plan, node: PlanNode): string {
  const source = wiredFrom(plan, node, 'body');
  const types = source ? source.node.ports.outputByName.get(source.port)?.types : undefined;
  const text = source ? types?.size === 1 && types.has('string') : typeof node.constants.body === 'string';
  return text ? 'text/plain' : 'application/json';
}

function wiredFrom(plan: Plan, node: PlanNode, port: string): { node: PlanNode; port: string } | undefined {
  for (const from of plan.nodes) {
    for (const target of from.targets) {
      if (target.to.some((to) => to.node === node.index && to.port === port)) return { node: from, port: target.port };
    }
  }
  return undefined;
}
