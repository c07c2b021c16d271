import fc from 'fast-check';
import { edge } from '../helpers.ts';
import { body, type FuzzRequest, headers, queryString, segment } from './request-parts.ts';
import { jsonish, nastyString, TOKEN } from './values.ts';
import { nearValidWorkflow, validWorkflow } from './workflows.ts';

const ODD_METHODS = ['PATCH', 'OPTIONS', 'HEAD', 'PROPFIND', 'BREW', 'M-SEARCH', 'PURGE', 'LINK'];

export type Template = {
  method: string;
  path: (segs: string[], op: string) => string;
  segments: number;
  fitting?: fc.Arbitrary<unknown>;
  /** The fitting body is a form, not JSON. */
  form?: boolean;
  query?: boolean;
};
const t = (method: string, path: Template['path'], segments = 0, extra: Partial<Template> = {}): Template => ({
  method,
  path,
  segments,
  ...extra,
});

const workflowBody = fc.oneof(nearValidWorkflow, fc.constant(validWorkflow()));
const runBody = fc.record(
  {
    workflow: fc.oneof(
      nearValidWorkflow,
      fc.constant({
        nodes: [
          { id: 'in', op: 'flow.input' },
          { id: 'out', op: 'flow.output' },
        ],
        edges: [edge('in', 'value', 'out', 'value')],
      }),
    ),
    workflowId: fc.oneof(fc.constantFrom('hello', 'fuzz.seed', 'nope'), nastyString),
    input: jsonish,
    wait: fc.oneof(fc.boolean(), jsonish),
  },
  { requiredKeys: [] },
);
const SAFE_OPS = [
  'math.add',
  'object.get',
  'string.template',
  'json.parse',
  'json.stringify',
  'store.put',
  'store.get',
  'store.query',
  'store.count',
  'store.lease.acquire',
  'events.append',
  'events.read',
  'events.query',
  'value.const',
  'flow.fail',
  'nope',
];
const invokeBody = fc.record(
  {
    inputs: fc.oneof(
      fc.dictionary(
        fc.constantFrom('collection', 'id', 'data', 'key', 'value', 'path', 'text', 'aggregateType', 'aggregateId', 'events', 'where', 'limit'),
        jsonish,
      ),
      jsonish,
    ),
    config: jsonish,
  },
  { requiredKeys: [] },
);
const packageBody = fc.record(
  {
    manifest: fc.record(
      {
        id: fc.oneof(fc.constantFrom('pkg', 'fuzz.pkg'), nastyString),
        version: fc.oneof(fc.constantFrom('1.0.0', '2.0.0-rc.1', '01.0.0'), nastyString),
        name: nastyString,
        description: nastyString,
      },
      { requiredKeys: [] },
    ),
    workflows: fc.array(workflowBody, { maxLength: 3 }),
    collections: fc.array(
      fc.record({ name: fc.oneof(fc.constantFrom('fuzz', 'pkgcol'), nastyString), indexes: fc.array(nastyString, { maxLength: 3 }) }),
      { maxLength: 2 },
    ),
  },
  { requiredKeys: [] },
);
const collectionBody = fc.record(
  {
    name: fc.oneof(fc.constantFrom('fuzz', 'other'), nastyString),
    indexes: fc.oneof(fc.array(fc.oneof(fc.constantFrom('n', 'a.b', 'tags'), nastyString), { maxLength: 3 }), jsonish),
  },
  { requiredKeys: [] },
);
const docBody = fc.oneof(fc.dictionary(fc.oneof(fc.constantFrom('n', 'a', 'tags'), nastyString), jsonish, { maxKeys: 5 }), jsonish);
const installBody = fc.record({ publish: fc.oneof(fc.boolean(), jsonish), overwrite: fc.oneof(fc.boolean(), jsonish) }, { requiredKeys: [] });

export const groups: Record<string, Template[]> = {
  'core API': [
    t('GET', () => '/api/health'),
    t('GET', () => '/api/ops'),
    t('GET', (s) => `/api/ops/${s[0]}`, 1),
    t('POST', (_, op) => `/api/ops/${op}/invoke`, 1, { fitting: invokeBody }),
    t('POST', () => '/api/runs', 0, { fitting: runBody }),
    t('GET', () => '/api/runs', 0, { query: true }),
    t('GET', (s) => `/api/runs/${s[0]}`, 1),
    t('POST', (s) => `/api/runs/${s[0]}/cancel`, 1),
    t('GET', (s) => `/api/runs/${s[0]}/events`, 1),
  ],
  workflows: [
    t('GET', () => '/api/workflows'),
    t('POST', () => '/api/workflows/validate', 0, { fitting: workflowBody }),
    t('GET', (s) => `/api/workflows/${s[0]}`, 1),
    t('PUT', (s) => `/api/workflows/${s[0]}`, 1, { fitting: workflowBody }),
    t('DELETE', (s) => `/api/workflows/${s[0]}`, 1),
    t('POST', (s) => `/api/workflows/${s[0]}/versions`, 1, { fitting: fc.record({ note: nastyString }, { requiredKeys: [] }) }),
    t('GET', (s) => `/api/workflows/${s[0]}/versions`, 1),
    t('GET', (s) => `/api/workflows/${s[0]}/versions/${s[1]}`, 2),
    t('POST', (s) => `/api/workflows/${s[0]}/versions/${s[1]}/activate`, 2),
    t('DELETE', (s) => `/api/workflows/${s[0]}/versions/${s[1]}`, 2),
  ],
  packages: [
    t('GET', () => '/api/packages'),
    t('POST', () => '/api/packages', 0, { fitting: packageBody }),
    t('GET', (s) => `/api/packages/${s[0]}`, 1),
    t('GET', (s) => `/api/packages/${s[0]}/${s[1]}`, 2),
    t('DELETE', (s) => `/api/packages/${s[0]}/${s[1]}`, 2),
    t('POST', (s) => `/api/packages/${s[0]}/${s[1]}/install`, 2, { fitting: installBody }),
  ],
  store: [
    t('GET', () => '/api/store/collections'),
    t('POST', () => '/api/store/collections', 0, { fitting: collectionBody }),
    t('GET', (s) => `/api/store/collections/${s[0]}/docs`, 1, { query: true }),
    t('GET', (s) => `/api/store/collections/${s[0]}/docs/${s[1]}`, 2),
    t('GET', (s) => `/api/store/collections/${s[0]}/export`, 1, { query: true }),
    t('PUT', (s) => `/api/store/collections/${s[0]}/docs/${s[1]}`, 2, { fitting: docBody }),
    t('DELETE', (s) => `/api/store/collections/${s[0]}/docs/${s[1]}`, 2),
    t('GET', () => '/api/store/blobs', 0, { query: true }),
    t('POST', () => '/api/store/blobs', 0, { fitting: jsonish }),
    t('DELETE', (s) => `/api/store/blobs/${s[0]}`, 1),
    t('GET', (s) => `/store/blobs/${s[0]}`, 1),
    t('HEAD', (s) => `/store/blobs/${s[0]}`, 1),
    t('GET', () => '/api/store/leases'),
    t('DELETE', (s) => `/api/store/leases/${s[0]}`, 1),
  ],
  events: [
    t('GET', () => '/api/events', 0, { query: true }),
    t('GET', () => '/api/events/streams', 0, { query: true }),
    t('GET', (s) => `/api/events/streams/${s[0]}/${s[1]}`, 2, { query: true }),
    t('GET', () => '/api/events/projections'),
    t('GET', () => '/api/events/parked', 0, { query: true }),
    t('POST', (s) => `/api/events/parked/${s[0]}/retry`, 1),
    t('GET', (s) => `/api/events/${s[0]}`, 1),
    t('GET', (s) => `/api/aggregates/${s[0]}/${s[1]}`, 2, { query: true }),
    t('POST', (s) => `/api/aggregates/${s[0]}/${s[1]}/commands/${s[2]}`, 3, { fitting: jsonish }),
  ],
  'docs, login, workflow routes and unknown paths': [
    t('GET', () => '/docs'),
    t('GET', (s) => `/docs/${s[0]}`, 1),
    t('GET', (s) => `/docs/${s[0]}/${s[1]}/${s[2]}`, 3),
    t('GET', () => '/docs/search', 0, { query: true }),
    t('GET', () => '/docs/search.json', 0, { query: true }),
    t('GET', () => '/login', 0, { query: true }),
    t('POST', () => '/login', 0, { fitting: fc.record({ token: fc.constant(TOKEN), next: nastyString }), form: true }),
    t('POST', () => '/logout'),
    t('GET', (s) => `/hello/${s[0]}`, 1),
    t('GET', (s) => `/${s[0]}/${s[1]}`, 2),
    t('GET', (s) => `/api/${s[0]}`, 1),
  ],
};

export function requestsOf(templates: Template[]): fc.Arbitrary<FuzzRequest> {
  return fc
    .record({
      template: fc.constantFrom(...templates),
      segments: fc.array(segment, { minLength: 3, maxLength: 3 }),
      op: fc.oneof(fc.constantFrom(...SAFE_OPS), segment),
      query: queryString,
      method: fc.oneof({ weight: 9, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom(...ODD_METHODS) }),
      headers,
      body: fc.option(body(fc.constant('null')), { freq: 3 }),
      fitted: fc.nat(),
    })
    .chain((r) => {
      const { fitting: fits, form } = r.template;
      const encoded = fits?.map((v) => (form ? new URLSearchParams(v as Record<string, string>).toString() : JSON.stringify(v)));
      const fittingBody = encoded ? body(encoded) : fc.constant(undefined);
      return fittingBody.map((fitting) => {
        const method = r.method ?? r.template.method;
        if (form && r.fitted % 4 !== 0) r.headers['content-type'] = 'application/x-www-form-urlencoded';
        const path = r.template.path(r.segments, r.op) + (r.template.query || r.fitted % 5 === 0 ? r.query : '');
        const chosen = r.template.fitting ? fitting : (r.body ?? undefined);
        const request: FuzzRequest = { method, path, headers: r.headers };
        if (chosen !== undefined && method !== 'GET' && method !== 'HEAD') request.body = chosen;
        return request;
      });
    });
}
