import { readdirSync } from 'node:fs';
import { Agent, request as httpRequest, METHODS } from 'node:http';
import { join } from 'node:path';
import { compileWorkflow, type Engine, MAX_JSON_DEPTH, ProblemSchema } from '@pattern/core';
import docsMod from '@pattern/mod-docs';
import eventStoreMod from '@pattern/mod-event-store';
import storeMod from '@pattern/mod-store';
import { tempDir } from '@pattern/testing';
import { testServer } from '@pattern/testing/server';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PatternServer } from '../src/index.ts';
import { edge } from './helpers.ts';

/**
 * Hostile input against the validator and against every route of a real server on a real port,
 * with SQLite underneath. Each HTTP case is a batch of requests sent at once, so the server also
 * meets them concurrently. Whatever comes in, the answer is a 2xx-4xx with the error shape, the
 * server keeps answering, and every database file stays intact.
 */

const TOKEN = 'fuzz-admin-token-0123456789abcdef';
const BATCH = 8;
const runs = (n: number) => ({ numRuns: n, ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {}) });

let server: PatternServer;
let dataDir: string;
let engine: Engine;
const agent = new Agent({ keepAlive: true, maxSockets: BATCH });
const seen = { requests: 0, validations: 0, statuses: new Map<number, number>() };
const seeded = { blobId: 'none' };

// ---------------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------------

/** Strings a careless parser trips on: lone surrogates, NUL, bidi and zero-width marks, emoji, long runs. */
const nastyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\ud800',
    '\udfff\ud800',
    '\u202e\u2066evil',
    '\u200b\ufeff',
    '👩‍👩‍👧‍👦',
    'e\u0301',
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    '../../etc/passwd',
    '..\\..\\windows\\win.ini',
    '%00',
    "'; DROP TABLE runs; --",
    `\${process.exit()}`,
    '{{7*7}}',
    '<script>alert(1)</script>',
    'a'.repeat(10_000),
  ),
);

/** The fitting body with one value deep inside it replaced by a value nested `depth` levels. */
function nestDeep(text: string, depth: number): string {
  for (const leaf of ['null', '{}', '[]', '0']) {
    const at = text.lastIndexOf(leaf);
    if (at >= 0) return `${text.slice(0, at)}${deepObject(depth)}${text.slice(at + leaf.length)}`;
  }
  return text.startsWith('{') ? `{"deep":${deepObject(depth)},${text.slice(1)}` : deepArray(depth);
}

const deepArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const deepValue = (depth: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
};

const jsonish = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 2, arbitrary: fc.dictionary(nastyString, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 300 }).map(deepValue) },
  { weight: 1, arbitrary: fc.constantFrom(Number.MAX_SAFE_INTEGER, -0, 1e308, -1e-308, 2 ** 53 + 1) },
);

// ---------------------------------------------------------------------------------------------
// Workflows: valid ones, and near-valid ones with one or more mutations
// ---------------------------------------------------------------------------------------------

const validWorkflow = () => ({
  id: 'fuzz.base',
  name: 'Base',
  nodes: [
    { id: 'in', op: 'flow.input', config: {}, position: { x: 0, y: 0 } },
    { id: 'get', op: 'object.get', config: { path: 'name' } },
    { id: 'greet', op: 'string.template', config: { template: 'Hi {{name}}' } },
    { id: 'save', op: 'store.put', config: { collection: 'fuzz' } },
    { id: 'out', op: 'flow.output', config: { key: 'greeting' } },
  ],
  edges: [
    edge('in', 'value', 'get', 'object'),
    edge('in', 'value', 'greet', 'data'),
    edge('in', 'value', 'save', 'data'),
    edge('greet', 'text', 'out', 'value'),
  ],
});

type Doc = Record<string, any>;
const OPS = [
  'flow.input',
  'flow.output',
  'flow.branch',
  'flow.merge',
  'http.request',
  'http.response',
  'object.get',
  'string.template',
  'store.put',
  'store.query',
  'events.append',
  'nope.op',
  '',
];
const PORTS = ['value', 'object', 'text', 'data', 'error', 'doc', 'then', 'else', 'nope', ''];

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('drop-field'), target: fc.constantFrom('id', 'nodes', 'edges', 'name'), index: fc.nat() }),
  fc.record({ kind: fc.constant('replace-field'), target: fc.constantFrom('id', 'nodes', 'edges', 'name', 'description'), value: jsonish }),
  fc.record({ kind: fc.constant('node-op'), index: fc.nat(), value: fc.oneof(fc.constantFrom(...OPS), nastyString) }),
  fc.record({ kind: fc.constant('node-id'), index: fc.nat(), value: fc.oneof(fc.constantFrom('in', 'out', 'save'), nastyString) }),
  fc.record({ kind: fc.constant('node-config'), index: fc.nat(), value: jsonish }),
  fc.record({ kind: fc.constant('node-field'), index: fc.nat(), field: nastyString, value: jsonish }),
  fc.record({ kind: fc.constant('node-replace'), index: fc.nat(), value: jsonish }),
  fc.record({
    kind: fc.constant('add-edge'),
    from: fc.constantFrom('in', 'get', 'greet', 'save', 'out', 'ghost'),
    fromPort: fc.constantFrom(...PORTS),
    to: fc.constantFrom('in', 'get', 'greet', 'save', 'out', 'ghost'),
    toPort: fc.constantFrom(...PORTS),
  }),
  fc.record({ kind: fc.constant('edge-replace'), index: fc.nat(), value: jsonish }),
  fc.record({ kind: fc.constant('route'), method: fc.oneof(fc.constantFrom('GET', 'POST', 'BREW'), nastyString), path: nastyString }),
  fc.record({ kind: fc.constant('many-nodes'), count: fc.integer({ min: 50, max: 2000 }) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(doc: Doc, m: Mutation): void {
  const nodes: unknown[] = Array.isArray(doc.nodes) ? doc.nodes : [];
  const edges: unknown[] = Array.isArray(doc.edges) ? doc.edges : [];
  const nodeAt = (i: number) => nodes[i % Math.max(1, nodes.length)] as Doc | undefined;
  const asObject = (n: unknown): Doc | undefined => (n && typeof n === 'object' && !Array.isArray(n) ? (n as Doc) : undefined);
  switch (m.kind) {
    case 'drop-field':
      delete doc[m.target];
      break;
    case 'replace-field':
      doc[m.target] = m.value;
      break;
    case 'node-op': {
      const node = asObject(nodeAt(m.index));
      if (node) node.op = m.value;
      break;
    }
    case 'node-id': {
      const node = asObject(nodeAt(m.index));
      if (node) node.id = m.value;
      break;
    }
    case 'node-config': {
      const node = asObject(nodeAt(m.index));
      if (node) node.config = m.value;
      break;
    }
    case 'node-field': {
      const node = asObject(nodeAt(m.index));
      if (node) node[m.field] = m.value;
      break;
    }
    case 'node-replace':
      if (nodes.length) nodes[m.index % nodes.length] = m.value;
      break;
    case 'add-edge':
      edges.push(edge(m.from, m.fromPort, m.to, m.toPort));
      if (!Array.isArray(doc.edges)) doc.edges = edges;
      break;
    case 'edge-replace':
      if (edges.length) edges[m.index % edges.length] = m.value;
      break;
    case 'route':
      nodes.unshift({ id: 'req', op: 'http.request', config: { method: m.method, path: m.path } });
      if (!Array.isArray(doc.nodes)) doc.nodes = nodes;
      break;
    case 'many-nodes':
      for (let i = 0; i < m.count; i++) {
        nodes.push({ id: `n${i}`, op: 'object.get', config: { path: 'a' } });
        if (i > 0) edges.push(edge(`n${i - 1}`, 'value', `n${i}`, 'object'));
      }
      break;
  }
}

const nearValidWorkflow = fc.array(mutation, { minLength: 1, maxLength: 4 }).map((mutations) => {
  const doc: Doc = validWorkflow();
  for (const m of mutations) mutate(doc, m);
  return doc;
});

function expectProblems(problems: unknown): void {
  expect(Array.isArray(problems)).toBe(true);
  for (const problem of problems as unknown[]) {
    expect(ProblemSchema.safeParse(problem).success, JSON.stringify(problem)).toBe(true);
  }
  seen.validations++;
}

// ---------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------

interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

/** A path segment as it would arrive on the wire: encoded, double-encoded, broken, or traversing. */
const segment = fc.oneof(
  { weight: 3, arbitrary: nastyString.map((s) => percentEncode(s)) },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 24 }).map((bytes) => [...bytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('')) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '..',
      '.',
      '..%2F..%2F..%2Fetc%2Fpasswd',
      '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      '%252e%252e%252fetc%252fpasswd',
      '..%5c..%5cwindows',
      '....%2F%2F',
      '%c0%ae%c0%ae%2f',
      '%',
      '%zz',
      '%E0%A4%A',
      '%00',
      '%ff%fe',
      'a%2Fb',
      '~',
      '*',
      '@',
      ':x',
      'x'.repeat(4000),
    ),
  },
  { weight: 1, arbitrary: fc.constant(null).map(() => seeded.blobId) },
  { weight: 8, arbitrary: fc.constantFrom('hello', 'fuzz.seed', 'fuzz', 'doc-1', 'Order', 'o-1', 'pkg', '1.0.0', 'latest', '1', '0', '-1', '1e3') },
);

function percentEncode(text: string): string {
  // Lone surrogates cannot be URI-encoded; send their UTF-8 replacement bytes as a browser would.
  return encodeURIComponent(text.toWellFormed());
}

const queryString = fc
  .array(
    fc.tuple(
      fc.oneof(
        fc.constantFrom(
          'limit',
          'cursor',
          'status',
          'workflowId',
          'where',
          'orderBy',
          'order',
          'after',
          'types',
          'tag',
          'direction',
          'from',
          'to',
          'prefix',
          'consumer',
          'aggregateType',
          'correlationId',
          'asOfVersion',
          'q',
          'next',
        ),
        segment,
      ),
      fc.oneof(
        segment,
        fc.constantFrom(
          '0',
          '-1',
          '1.5',
          '999999999999999999999',
          'NaN',
          'asc',
          'desc',
          'running',
          'a:b',
          ':',
          '{"a":1}',
          '{"a":{"$gt":1}}',
          '[]',
          'null',
          'forward',
        ),
      ),
    ),
    { maxLength: 5 },
  )
  .map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}` : ''));

/** A body: a fitting one, arbitrary JSON, broken JSON, deep, huge, or bytes that are not UTF-8. */
const body = (fitting: fc.Arbitrary<string>) =>
  fc.oneof(
    { weight: 4, arbitrary: fitting },
    { weight: 1, arbitrary: fc.tuple(fitting, fc.integer({ min: 200, max: 50_000 })).map(([text, depth]) => nestDeep(text, depth)) },
    { weight: 3, arbitrary: jsonish.map((v) => JSON.stringify(v)) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        '{',
        '{"a":',
        '[1,]',
        'nul',
        'NaN',
        "{'a':1}",
        '\u0000',
        '\ufeff{}',
        '{"a":1}{"b":2}',
        '"\\ud800"',
        '{"__proto__":{"polluted":true}}',
        '1e999999',
        ' ',
      ),
    },
    { weight: 1, arbitrary: fc.integer({ min: 1000, max: 60_000 }).map((d) => (d % 2 ? deepArray(d) : deepObject(d))) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  );

const HUGE = `{"a":"${'x'.repeat(1_200_000)}"}`;

const headers = fc
  .record(
    {
      auth: fc.oneof(
        { weight: 8, arbitrary: fc.constant(`Bearer ${TOKEN}`) },
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            '',
            'Bearer',
            'Bearer ',
            `bearer ${TOKEN}`,
            'Basic YWRtaW46YWRtaW4=',
            `Bearer ${TOKEN}x`,
            `Bearer ${'a'.repeat(5000)}`,
          ),
        },
        { weight: 1, arbitrary: fc.constant(undefined) },
      ),
      cookie: fc.constantFrom('pattern_session=99999999999999.abc', 'pattern_session=', 'pattern_session=1.', 'a=b; pattern_session=-1.x', '='),
      type: fc.constantFrom(
        'application/json',
        'application/json; charset=utf-16',
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'multipart/form-data',
        'text/html',
        'image/svg+xml',
        'application/octet-stream',
        '*/*',
        ';;;',
      ),
      accept: fc.constantFrom('application/json', 'text/html', '*/*', 'text/event-stream'),
      ifMatch: fc.constantFrom('1', 'W/"2"', '"0"', '-1', 'abc', '*', '1.5', '99999999999999999999'),
      range: fc.constantFrom(
        'bytes=0-1',
        'bytes=-5',
        'bytes=5-',
        'bytes=9999999-',
        'bytes=1-0',
        'bytes=0-0,2-3',
        'items=0-1',
        'bytes=-0',
        'bytes=abc',
      ),
      ifNoneMatch: fc.constantFrom('*', '"x"', 'W/"y", "z"'),
      origin: fc.constantFrom('http://evil.example', 'null', 'not a url'),
      forwarded: fc.constantFrom('evil.example', '', 'a'.repeat(300)),
      proto: fc.constantFrom('https', 'gopher'),
      trigger: fc.constantFrom('editor', 'api', 'x'),
    },
    { requiredKeys: ['auth', 'type'] },
  )
  .map((h) => {
    const out: Record<string, string> = { 'content-type': h.type };
    if (h.auth !== undefined) out.authorization = h.auth;
    if (h.cookie) out.cookie = h.cookie;
    if (h.accept) out.accept = h.accept;
    if (h.ifMatch) out['if-match'] = h.ifMatch;
    if (h.range) out.range = h.range;
    if (h.ifNoneMatch) out['if-none-match'] = h.ifNoneMatch;
    if (h.origin) out.origin = h.origin;
    if (h.forwarded !== undefined) out['x-forwarded-host'] = h.forwarded;
    if (h.proto) out['x-forwarded-proto'] = h.proto;
    if (h.trigger) out['x-pattern-trigger'] = h.trigger;
    return out;
  });

const ODD_METHODS = ['PATCH', 'OPTIONS', 'HEAD', 'PROPFIND', 'BREW', 'M-SEARCH', 'PURGE', 'LINK'];

type Template = {
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

const groups: Record<string, Template[]> = {
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

function requestsOf(templates: Template[]): fc.Arbitrary<FuzzRequest> {
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

interface FuzzResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** Why the client got no answer at all. */
  failure?: string;
}

function send(req: FuzzRequest): Promise<FuzzResponse> {
  const url = new URL(server.url);
  // A large body goes on its own connection: the server may answer 413 before reading it all.
  const large = (req.body?.length ?? 0) > 64 * 1024;
  // Sign-in attempts and wrong bearer tokens come from many loopback addresses, as from many
  // clients: guesses from one address are slowed down on purpose, which would only slow the fuzzer.
  const guess = req.path.startsWith('/login') || (req.headers.authorization !== undefined && req.headers.authorization !== `Bearer ${TOKEN}`);
  const localAddress = guess
    ? `127.${1 + Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`
    : undefined;
  // Node's client frames a body on DELETE or OPTIONS only when told its length.
  const headers = req.body === undefined ? req.headers : { ...req.headers, 'content-length': String(Buffer.byteLength(req.body)) };
  return new Promise((resolve) => {
    const outgoing = httpRequest(
      {
        agent: large || guess ? false : agent,
        host: '127.0.0.1',
        port: url.port,
        method: req.method,
        path: req.path,
        headers,
        timeout: 30_000,
        ...(localAddress ? { localAddress } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', (error) => resolve({ status: 0, headers: {}, body: Buffer.alloc(0), failure: error.message }));
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error('no answer in 30 s')));
    outgoing.on('error', (error) => resolve({ status: 0, headers: {}, body: Buffer.alloc(0), failure: error.message }));
    outgoing.end(req.body);
  });
}

/** What must hold of every answer, whatever was asked. */
function checkResponse(req: FuzzRequest, res: FuzzResponse): void {
  seen.requests++;
  seen.statuses.set(res.status, (seen.statuses.get(res.status) ?? 0) + 1);
  const where = `${req.method} ${req.path.slice(0, 200)} -> ${res.failure ?? res.status} ${res.body.toString().slice(0, 400)}`;
  // Node's HTTP parser refuses what it cannot parse (a method it does not know, a head over
  // 16 KiB) with a bare 400 or 431 and closes the connection, sometimes before the client has
  // finished sending: Pattern never sees such a request.
  if (!METHODS.includes(req.method)) {
    expect(res.failure ?? res.status, where).toSatisfy((s: unknown) => s === 400 || typeof s === 'string');
    return;
  }
  if (res.status === 431 && res.headers.connection === 'close' && res.body.length === 0) return;
  expect(res.failure, where).toBeUndefined();
  expect(res.status, where).toBeGreaterThanOrEqual(200);
  expect(res.status, where).toBeLessThan(500);
  const type = String(res.headers['content-type'] ?? '');
  if (res.status >= 400 && type.includes('application/json') && req.method !== 'HEAD') {
    const parsed = JSON.parse(res.body.toString()) as { error?: { code?: unknown; message?: unknown; details?: unknown } };
    expect(typeof parsed.error?.code, where).toBe('string');
    expect(typeof parsed.error?.message, where).toBe('string');
    expect(parsed.error && 'details' in parsed.error, where).toBe(true);
  }
  // Errors of the API and the store are JSON; pages (docs, login) and 416 without a body may be others.
  if (res.status >= 400 && res.status !== 416 && req.method !== 'HEAD' && /^\/(api|store)\//.test(req.path)) {
    expect(type, where).toContain('application/json');
  }
}

const batchProperty = (templates: Template[]) =>
  fc.asyncProperty(fc.array(requestsOf(templates), { minLength: BATCH, maxLength: BATCH }), async (batch) => {
    const responses = await Promise.all(batch.map(send));
    batch.forEach((req, i) => {
      checkResponse(req, responses[i] as FuzzResponse);
    });
  });

// ---------------------------------------------------------------------------------------------

beforeAll(async () => {
  dataDir = tempDir('pattern-fuzz-');
  server = await testServer({
    dataDir,
    mods: [storeMod, eventStoreMod, docsMod],
    adminToken: TOKEN,
    runTimeoutMs: 3000,
  });
  engine = server.engine;
  const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
  const seed = async (method: string, path: string, payload?: unknown, type = 'application/json') => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { ...auth, 'content-type': type },
      ...(payload !== undefined ? { body: typeof payload === 'string' ? payload : JSON.stringify(payload) } : {}),
    });
    expect(res.status, `${method} ${path}: ${await res.clone().text()}`).toBeLessThan(300);
    return res.json().catch(() => null) as Promise<Record<string, any> | null>;
  };
  await seed('PUT', '/api/workflows/fuzz.seed', { ...validWorkflow(), id: 'fuzz.seed' });
  await seed('POST', '/api/workflows/fuzz.seed/versions', { note: 'first' });
  await seed('POST', '/api/store/collections', { name: 'fuzz', indexes: ['n'] });
  await seed('PUT', '/api/store/collections/fuzz/docs/doc-1', { n: 1 });
  const blob = await seed('POST', '/api/store/blobs', '<svg onload="alert(1)"/>', 'image/svg+xml');
  seeded.blobId = String(blob?.id);
  await seed('POST', '/api/ops/events.append/invoke', {
    inputs: { aggregateType: 'Order', aggregateId: 'o-1', events: [{ type: 'OrderPlaced', payload: { total: 1 } }] },
  });
  await seed('POST', '/api/packages', {
    manifest: { id: 'pkg', version: '1.0.0', name: 'Package' },
    workflows: [{ ...validWorkflow(), id: 'pkg.flow' }],
  });
}, 60_000);

afterAll(async () => {
  agent.destroy();
  await server?.stop();
});

describe('the workflow validator under hostile documents', () => {
  it('never throws on arbitrary values, and returns only located problems', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), jsonish), (document) => {
        expectProblems(engine.validate(document));
      }),
      runs(1500),
    );
  });

  it('never throws on near-valid workflows with mutations (engine.validate and compileWorkflow)', () => {
    fc.assert(
      fc.property(nearValidWorkflow, (document) => {
        expectProblems(engine.validate(document));
        const result = compileWorkflow(structuredClone(document), (name) => engine.op(name), { suggest: (name) => engine.registry.suggest(name) });
        expectProblems(result.problems);
        expect(result.ok).toBe(result.problems.length === 0);
      }),
      runs(1500),
    );
  }, 60_000);

  it('handles deep and huge values, and unicode edge cases in every field', () => {
    fc.assert(
      fc.property(
        fc.record({ id: nastyString, op: nastyString, port: nastyString, name: nastyString, depth: fc.integer({ min: 1, max: 20_000 }) }),
        ({ id, op, port, name, depth }) => {
          const document = {
            id: name,
            name,
            nodes: [
              { id, op: 'flow.input', config: { deep: deepValue(depth) } },
              { id: `${id}2`, op, config: { [name]: name } },
              { id: 'out', op: 'flow.output', config: { value: deepValue(depth) } },
            ],
            edges: [edge(id, port, 'out', 'value'), edge(id, 'value', `${id}2`, port)],
          };
          expectProblems(engine.validate(document));
        },
      ),
      runs(300),
    );
    expectProblems(engine.validate(JSON.parse(deepArray(100_000))));
    expectProblems(engine.validate({ nodes: JSON.parse(deepArray(100_000)), edges: [] }));
    expectProblems(engine.validate({ nodes: Array.from({ length: 20_000 }, (_, i) => ({ id: `n${i}`, op: 'object.get' })), edges: [] }));
  });
});

describe('every route of a real server under hostile requests', () => {
  for (const [name, templates] of Object.entries(groups)) {
    it(`${name}: never a 5xx, always the error shape`, async () => {
      await fc.assert(batchProperty(templates), runs(name === 'docs, login, workflow routes and unknown paths' ? 120 : 180));
    }, 120_000);
  }

  it('a body over the limit is refused with 413 on every route that takes one', async () => {
    for (const [method, path] of [
      ['POST', '/api/runs'],
      ['PUT', '/api/workflows/big'],
      ['POST', '/api/packages'],
      ['POST', '/api/ops/object.get/invoke'],
      ['PUT', '/api/store/collections/fuzz/docs/big'],
      ['POST', '/api/aggregates/Order/o-1/commands/Place'],
    ] as const) {
      const res = await send({ method, path, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: HUGE });
      checkResponse({ method, path, headers: {} }, res);
      expect(res.status, `${method} ${path}`).toBe(413);
    }
  });

  it('afterwards the server still answers and every database file is intact', async () => {
    const health = await send({ method: 'GET', path: '/api/health', headers: {} });
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body.toString())).toMatchObject({ ok: true });
    const upload = await send({
      method: 'POST',
      path: '/api/store/blobs',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/html' },
      body: '<script>alert(1)</script>',
    });
    expect(upload.status).toBe(201);
    const uploaded = JSON.parse(upload.body.toString()) as { id: string };
    const blob = await send({ method: 'GET', path: `/store/blobs/${uploaded.id}`, headers: {} });
    expect(blob.body.toString()).toBe('<script>alert(1)</script>');
    expect(blob.headers['content-disposition']).toMatch(/^attachment/);
    expect(blob.headers['x-content-type-options']).toBe('nosniff');

    await server.engine.runs.flush();
    const files = readdirSync(dataDir).filter((f) => f.endsWith('.db'));
    expect(files).toEqual(expect.arrayContaining(['pattern.db', 'store.db', 'events.db']));
    for (const file of files) {
      const db = new Database(join(dataDir, file), { readonly: true });
      try {
        expect(db.pragma('integrity_check', { simple: true }), file).toBe('ok');
      } finally {
        db.close();
      }
    }
    expect(seen.requests + seen.validations).toBeGreaterThanOrEqual(10_000);
    // The fuzzer reaches the handlers, not only the guards: a fair share of answers are successes.
    const ok = [...seen.statuses].filter(([status]) => status >= 200 && status < 300).reduce((sum, [, n]) => sum + n, 0);
    expect(ok / seen.requests, JSON.stringify([...seen.statuses])).toBeGreaterThan(0.1);
  });
});

describe('what the fuzzer found, kept as plain cases', () => {
  const auth = { authorization: `Bearer ${TOKEN}` };

  it('a login body that is not a form is a 400, not a 500', async () => {
    const res = await send({ method: 'POST', path: '/login', headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: '{' });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body.toString())).toMatchObject({ error: { code: 'bad_request' } });
  });

  it('a blob upload that is not a valid multipart form is a 400, not a 500', async () => {
    const res = await send({ method: 'POST', path: '/api/store/blobs', headers: { ...auth, 'content-type': 'multipart/form-data' }, body: '{' });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body.toString())).toMatchObject({ error: { code: 'bad_request', details: { field: 'body' } } });
  });

  it('a document nested deeper than the store keeps, made inside a workflow, is refused by the store, not a crash', async () => {
    await engine.workflows.save('fuzz.deep-put', {
      nodes: [
        { id: 'req', op: 'http.request', config: { method: 'POST', path: '/fuzz-deep-put' } },
        { id: 'parse', op: 'json.parse' },
        { id: 'put', op: 'store.put', config: { collection: 'deep' } },
        { id: 'out', op: 'flow.output' },
      ],
      edges: [edge('req', 'body', 'parse', 'text'), edge('parse', 'value', 'put', 'data'), edge('put', 'error', 'out', 'value')],
    });
    const res = await send({ method: 'POST', path: '/fuzz-deep-put', headers: { 'content-type': 'text/plain' }, body: deepObject(100) });
    expect(res.status, res.body.toString()).toBe(200);
    expect(JSON.parse(res.body.toString())).toMatchObject({ code: 'too_deep', details: { field: 'data' } });
  });

  it('JSON nested deeper than the limit is refused at the edge of every API that parses it', async () => {
    const deep = deepObject(MAX_JSON_DEPTH + 1);
    const workflow = (value: string) =>
      `{"nodes":[{"id":"c","op":"value.const","config":{"value":${value}}},{"id":"out","op":"flow.output"}],"edges":[${JSON.stringify(edge('c', 'value', 'out', 'value'))}]}`;
    for (const [method, path, payload] of [
      ['PUT', '/api/workflows/deep', workflow(deep)],
      ['POST', '/api/workflows/validate', workflow(deep)],
      ['POST', '/api/runs', `{"workflow":${workflow('1')},"input":${deep}}`],
      ['POST', '/api/ops/value.const/invoke', `{"inputs":{"value":${deep}}}`],
      ['POST', '/api/store/collections', `{"name":"deep","indexes":${deep}}`],
      ['POST', '/api/aggregates/Order/o-1/commands/Place', deep],
      ['GET', `/api/store/collections/fuzz/docs?where=${encodeURIComponent(deep)}`, undefined],
    ] as const) {
      const res = await send({ method, path, headers: { ...auth, 'content-type': 'application/json' }, ...(payload ? { body: payload } : {}) });
      expect(res.status, `${method} ${path.slice(0, 60)}: ${res.body.toString().slice(0, 200)}`).toBe(400);
      expect(JSON.parse(res.body.toString())).toMatchObject({ error: { code: 'bad_request', details: { maxDepth: MAX_JSON_DEPTH } } });
    }
    const fine = await send({
      method: 'POST',
      path: '/api/workflows/validate',
      headers: { ...auth, 'content-type': 'application/json' },
      body: workflow(deepObject(MAX_JSON_DEPTH - 10)),
    });
    expect(fine.status).toBe(200);
  });

  it('a value too deep to serialize is refused by the op that would build it, the run is recorded, and the server lives on', async () => {
    await engine.workflows.save('fuzz.parse', {
      nodes: [
        { id: 'req', op: 'http.request', config: { method: 'POST', path: '/fuzz-parse' } },
        { id: 'parse', op: 'json.parse' },
        { id: 'out', op: 'flow.output' },
      ],
      edges: [edge('req', 'body', 'parse', 'text'), edge('parse', 'error', 'out', 'value')],
    });
    const res = await send({ method: 'POST', path: '/fuzz-parse', headers: { 'content-type': 'text/plain' }, body: deepArray(50_000) });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body.toString())).toMatchObject({ code: 'too_deep', details: { field: 'text' } });
    await engine.runs.flush();
    const { runs } = await engine.runs.list({ workflowId: 'fuzz.parse' });
    const record = await engine.runs.get(runs[0]?.id as string);
    expect(record?.nodes.parse).toMatchObject({ status: 'error', error: { code: 'too_deep' } });
    expect(() => JSON.stringify(record)).not.toThrow();
    expect((await send({ method: 'GET', path: '/api/health', headers: {} })).status).toBe(200);
  });

  it('blobs over the API body limit are taken up to the store cap', async () => {
    const bytes = Buffer.alloc(server.settings.bodyLimitBytes + 1024, 7);
    const res = await send({
      method: 'POST',
      path: '/api/store/blobs',
      headers: { ...auth, 'content-type': 'application/octet-stream' },
      body: bytes,
    });
    expect(res.status, res.body.toString()).toBe(201);
    expect(JSON.parse(res.body.toString())).toMatchObject({ size: bytes.length });
  });

  it("a workflow route's body is capped like the API's", async () => {
    await engine.workflows.save('fuzz.echo', {
      nodes: [
        { id: 'req', op: 'http.request', config: { method: 'POST', path: '/fuzz-echo' } },
        { id: 'out', op: 'flow.output' },
      ],
      edges: [edge('req', 'body', 'out', 'value')],
    });
    const big = await send({ method: 'POST', path: '/fuzz-echo', headers: { 'content-type': 'text/plain' }, body: HUGE });
    expect(big.status).toBe(413);
    const small = await send({ method: 'POST', path: '/fuzz-echo', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    expect(JSON.parse(small.body.toString())).toEqual({ a: 1 });
  });

  it('a 413 closes the connection, so a keep-alive client does not send the next request into a closed socket', async () => {
    const res = await send({ method: 'POST', path: '/api/runs', headers: { ...auth, 'content-type': 'application/json' }, body: HUGE });
    expect(res.status).toBe(413);
    expect(res.headers.connection).toBe('close');
  });
});
