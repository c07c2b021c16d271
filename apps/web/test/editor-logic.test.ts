import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { CatalogOp, CatalogPort, Workflow } from '../src/api/types.ts';
import { fuzzyScore, searchOps } from '../src/catalog/fuzzy.ts';
import { copySelection, materialize, parseFragment } from '../src/editor/clipboard.ts';
import { refuseReason } from '../src/editor/connection-check.ts';
import { type GraphEdge, makeNode, type OpNode, toFlow, toWorkflow } from '../src/editor/graph.ts';
import { locateProblems } from '../src/editor/problems.ts';
import { checkValue, widgetOf } from '../src/editor/schema-field.ts';

// The editor's pure parts, checked without a browser: the same code the canvas runs.

const port = (name: string, types: string[] | null, kind: 'value' | 'control' = 'value'): CatalogPort => ({
  name,
  kind,
  description: '',
  required: false,
  schema: {},
  types,
});

const op = (name: string, inputs: CatalogPort[], outputs: CatalogPort[], category = name.split('.')[0]!): CatalogOp => ({
  name,
  title: name,
  description: `${name} op`,
  category,
  mod: 'test',
  waitFor: 'all',
  inputs,
  outputs,
  config: null,
  examples: [],
});

const catalog = new Map(
  [
    op('math.add', [port('a', ['number']), port('b', ['number'])], [port('result', ['number'])]),
    op('string.template', [port('template', ['string']), port('data', null)], [port('text', ['string'])]),
    op('store.put', [port('collection', ['string']), port('data', ['object'])], [port('doc', ['object'])]),
    op('string.concat', [port('a', ['string', 'number'])], [port('text', ['string'])]),
    op('flow.output', [port('value', null)], []),
  ].map((o) => [o.name, o]),
);

function graph(nodes: OpNode[], edges: GraphEdge[]) {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  return { nodeById: (id: string) => byId.get(id), edges, opOf: (name: string) => catalog.get(name) };
}

const edge = (source: string, sourceHandle: string, target: string, targetHandle: string): GraphEdge => ({
  id: `${source}.${sourceHandle}->${target}.${targetHandle}`,
  source,
  sourceHandle,
  target,
  targetHandle,
});

describe('connection checks', () => {
  const nodes = [
    makeNode('add', 'math.add', { x: 0, y: 0 }, {}),
    makeNode('tpl', 'string.template', { x: 0, y: 0 }, {}),
    makeNode('cat', 'string.concat', { x: 0, y: 0 }, {}),
    makeNode('add2', 'math.add', { x: 0, y: 0 }, {}),
    makeNode('add3', 'math.add', { x: 0, y: 0 }, {}),
  ];
  const edges = [edge('add', 'result', 'add2', 'a'), edge('add2', 'result', 'add3', 'a')];
  const g = graph(nodes, edges);
  const conn = (source: string, sourceHandle: string, target: string, targetHandle: string) => ({ source, sourceHandle, target, targetHandle });

  test('accepts compatible types, including unions and "anything"', () => {
    expect(refuseReason(g, conn('add', 'result', 'cat', 'a'))).toBeNull();
    expect(refuseReason(g, conn('add', 'result', 'tpl', 'data'))).toBeNull();
  });
  test('refuses incompatible types, naming both sides', () => {
    expect(refuseReason(g, conn('add', 'result', 'tpl', 'template'))).toBe('add.result gives number, but tpl.template takes string');
  });
  test('refuses an occupied input', () => {
    expect(refuseReason(g, conn('add3', 'result', 'add2', 'a'))).toContain('add2.a already has an input (from add)');
  });
  test('refuses a cycle, however long', () => {
    expect(refuseReason(g, conn('add3', 'result', 'add', 'b'))).toContain('close a cycle');
    expect(refuseReason(g, conn('add', 'result', 'add', 'b'))).toBe('A node cannot feed itself');
  });
  test('refuses ports that do not exist on that side', () => {
    expect(refuseReason(g, conn('add', 'a', 'tpl', 'data'))).toContain('Connect an output');
  });
});

describe('palette search', () => {
  const ops = [...catalog.values()];
  test('finds by abbreviation, best match first', () => {
    expect(searchOps(ops, 'sput')[0]?.name).toBe('store.put');
    expect(searchOps(ops, 'tmpl')[0]?.name).toBe('string.template');
    expect(searchOps(ops, 'add')[0]?.name).toBe('math.add');
  });
  test('an empty query lists everything; nonsense lists nothing', () => {
    expect(searchOps(ops, '  ')).toHaveLength(ops.length);
    expect(searchOps(ops, 'zzqx')).toEqual([]);
  });
  test('a subsequence always matches and a missing letter never does', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 20 }), fc.array(fc.nat(), { maxLength: 5 }), (text, picks) => {
        const letters = [...text];
        const indices = [...new Set(picks.map((p) => p % letters.length))].sort((a, b) => a - b);
        const query = indices.map((i) => letters[i]).join('');
        if (query.trim() === '') return;
        expect(fuzzyScore(query, text)).toBeGreaterThanOrEqual(0);
      }),
    );
    expect(fuzzyScore('q', 'store.put')).toBe(-1);
  });
});

describe('copy and paste', () => {
  test('keeps only the edges inside the selection and renames clashing ids', () => {
    const nodes = [
      { ...makeNode('a', 'math.add', { x: 10, y: 20 }, { b: 1 }), selected: true },
      { ...makeNode('b', 'math.add', { x: 300, y: 20 }, {}), selected: true },
      makeNode('c', 'flow.output', { x: 600, y: 20 }, {}),
    ];
    const edges = [edge('a', 'result', 'b', 'a'), edge('b', 'result', 'c', 'value')];
    const fragment = parseFragment(JSON.stringify(copySelection(nodes, edges)));
    expect(fragment?.nodes.map((n) => n.id)).toEqual(['a', 'b']);
    expect(fragment?.edges).toHaveLength(1);
    const pasted = materialize(fragment!, new Set(['a', 'b', 'c']), { x: 1000, y: 1000 });
    expect(pasted.nodes.map((n) => n.id)).toEqual(['a_2', 'b_2']);
    expect(pasted.nodes[0]?.position).toEqual({ x: 1000, y: 1000 });
    expect(pasted.nodes[1]?.position).toEqual({ x: 1290, y: 1000 });
    expect(pasted.nodes[0]?.data.config).toEqual({ b: 1 });
    expect(pasted.edges).toEqual([edge('a_2', 'result', 'b_2', 'a')]);
  });

  test('pasted ids never clash and edges follow their nodes (any fragment)', () => {
    const id = fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/);
    fc.assert(
      fc.property(fc.uniqueArray(id, { minLength: 1, maxLength: 8 }), fc.uniqueArray(id, { maxLength: 8 }), (ids, existing) => {
        const fragment = {
          kind: 'pattern/fragment' as const,
          nodes: ids.map((n, i) => ({ id: n, op: 'math.add', position: { x: i * 10, y: 0 } })),
          edges: ids.slice(1).map((n, i) => ({ from: { node: ids[i]!, port: 'result' }, to: { node: n, port: 'a' } })),
        };
        const taken = new Set([...existing, ...ids]);
        const { nodes, edges } = materialize(fragment, taken, { x: 0, y: 0 });
        const fresh = nodes.map((n) => n.id);
        expect(new Set(fresh).size).toBe(fresh.length);
        for (const n of fresh) expect(taken.has(n)).toBe(false);
        expect(edges).toHaveLength(fragment.edges.length);
        for (const e of edges) expect(fresh.includes(e.source) && fresh.includes(e.target)).toBe(true);
      }),
    );
  });

  test('text that is not a fragment is not pasted onto the canvas', () => {
    expect(parseFragment('hello')).toBeUndefined();
    expect(parseFragment('{"nodes":[]}')).toBeUndefined();
  });
});

test('a document survives the trip through the canvas unchanged', () => {
  const document: Workflow = {
    id: 'trip',
    name: 'Trip',
    nodes: [
      { id: 'in', op: 'flow.input', position: { x: 0, y: 0 } },
      { id: 'save', op: 'store.put', config: { collection: 'orders' }, position: { x: 300, y: 40 }, label: 'Save it' },
    ],
    edges: [{ from: { node: 'in', port: 'value' }, to: { node: 'save', port: 'data' } }],
  };
  const { nodes, edges } = toFlow(document);
  expect(toWorkflow({ id: 'trip', name: 'Trip' }, nodes, edges)).toEqual(document);
});

test('problems are located on nodes and ports from their paths', () => {
  const document: Workflow = {
    nodes: [
      { id: 'in', op: 'flow.input' },
      { id: 'save', op: 'store.put' },
    ],
    edges: [{ from: { node: 'in', port: 'value' }, to: { node: 'save', port: 'dta' } }],
  };
  const located = locateProblems(
    [
      { code: 'missing_input', path: 'nodes[1].config.collection', message: 'collection is required' },
      { code: 'unknown_port', path: 'edges[0].to.port', message: 'no port dta' },
      { code: 'cycle', path: 'edges', message: 'a cycle', nodeId: 'in' },
    ],
    document,
  );
  expect(located.map((p) => [p.target, p.targetPort])).toEqual([
    ['save', 'collection'],
    ['save', 'dta'],
    ['in', undefined],
  ]);
});

test('inspector fields pick their widget and check values as the server would', () => {
  expect(widgetOf({ type: 'string' })).toBe('string');
  expect(widgetOf({ type: 'integer' })).toBe('integer');
  expect(widgetOf({ enum: ['GET', 'POST'] })).toBe('enum');
  expect(widgetOf({ anyOf: [{ type: 'string' }, { type: 'null' }] })).toBe('string');
  expect(widgetOf({ type: 'object' })).toBe('json');
  expect(widgetOf({})).toBe('any');
  expect(checkValue({ type: 'string', minLength: 1 }, undefined, true)).toContain('Required');
  expect(checkValue({ type: 'string', minLength: 1 }, '', false)).toBe('Must not be empty');
  expect(checkValue({ type: 'integer', minimum: 0 }, -1, false)).toBe('At least 0');
  expect(checkValue({ type: 'integer' }, 1.5, false)).toBe('Must be integer, not number');
  expect(checkValue({ enum: ['GET', 'POST'] }, 'PUT', false)).toContain('one of');
  expect(checkValue({ type: 'object', required: ['key'] }, {}, false)).toContain('“key”');
  expect(checkValue({ type: 'number' }, 3, true)).toBeUndefined();
});
