import { describe, expect, test } from 'vitest';
import type { CatalogOp, CatalogPort } from '../src/api/types.ts';
import { refuseReason } from '../src/editor/connection-check.ts';
import { rowsOf, schemaOf } from '../src/editor/fields/object-schema-field.tsx';
import { makeNode } from '../src/editor/graph.ts';
import { nodePorts } from '../src/editor/node-ports.ts';

// Outputs a node types from its config (`portSchemas`): a route's body is what its `bodySchema` says.

const port = (name: string, types: string[] | null): CatalogPort => ({ name, kind: 'value', description: name, required: false, schema: {}, types });

const httpRequest: CatalogOp = {
  name: 'http.request',
  title: 'HTTP request',
  description: 'Serves a route.',
  category: 'http',
  mod: 'core',
  waitFor: 'all',
  inputs: [],
  outputs: [port('params', ['object']), port('body', null), port('error', ['object'])],
  config: { type: 'object', properties: { path: { type: 'string' }, bodySchema: { type: 'object' } } },
  portSchemas: { outputs: { body: 'bodySchema' } },
  examples: [],
};

const mathAdd: CatalogOp = { ...httpRequest, name: 'math.add', portSchemas: undefined, config: null, inputs: [port('a', ['number'])], outputs: [] };
const catalog = new Map([httpRequest, mathAdd].map((op) => [op.name, op]));

describe('portSchemas', () => {
  test('types the body from the bodySchema in the config', () => {
    const ports = nodePorts(httpRequest, { path: '/orders', bodySchema: { type: 'object', properties: { qty: { type: 'number' } } } });
    expect(ports.outputs.map((p) => [p.name, p.types])).toEqual([
      ['params', ['object']],
      ['body', ['object']],
      ['error', ['object']],
    ]);
    expect(ports.outputs[1]?.schema).toEqual({ type: 'object', properties: { qty: { type: 'number' } } });
  });

  test('leaves the op’s own ports as they are without a schema', () => {
    expect(nodePorts(httpRequest, { path: '/orders' })).toBe(httpRequest);
    expect(nodePorts(httpRequest, { path: '/orders', bodySchema: {} })).toBe(httpRequest);
  });

  test('refuses to wire a typed body into a number input', () => {
    const request = makeNode('req', 'http.request', { x: 0, y: 0 }, { path: '/orders', bodySchema: { type: 'object' } });
    const add = makeNode('add', 'math.add', { x: 0, y: 0 }, {});
    const nodes = new Map([request, add].map((n) => [n.id, n]));
    const graph = { nodeById: (id: string) => nodes.get(id), edges: [], opOf: (name: string) => catalog.get(name) };
    const connection = { source: 'req', sourceHandle: 'body', target: 'add', targetHandle: 'a' };
    expect(refuseReason(graph, connection)).toMatch(/object/);
    const untyped = makeNode('req', 'http.request', { x: 0, y: 0 }, { path: '/orders' });
    nodes.set('req', untyped);
    expect(refuseReason(graph, connection)).toBeNull();
  });
});

describe('the object schema field', () => {
  test('shows a schema of typed fields as rows, and writes the rows back as the same schema', () => {
    const schema = { type: 'object', properties: { sku: { type: 'string' }, qty: { type: 'integer' } }, required: ['sku'] };
    const rows = rowsOf(schema);
    expect(rows).toEqual([
      { name: 'sku', type: 'string', required: true },
      { name: 'qty', type: 'integer', required: false },
    ]);
    expect(schemaOf(rows ?? [])).toEqual(schema);
    expect(rowsOf(undefined)).toEqual([]);
    expect(schemaOf([])).toBeUndefined();
  });

  test('leaves a richer schema to the JSON editor, so the form never drops a keyword', () => {
    expect(rowsOf({ type: 'object', properties: { qty: { type: 'integer', minimum: 1 } } })).toBeUndefined();
    expect(rowsOf({ type: 'object', additionalProperties: false })).toBeUndefined();
    expect(rowsOf({ type: 'array' })).toBeUndefined();
  });
});
