import { describe, expect, test } from 'vitest';
import type { CatalogOp, CatalogPort } from '../src/api/types.ts';
import { refuseReason } from '../src/editor/connection-check.ts';
import { sourceProblem } from '../src/editor/fields/javascript-field.tsx';
import { type GraphEdge, makeNode, type OpNode } from '../src/editor/graph.ts';
import { nodePorts, typesOf } from '../src/editor/node-ports.ts';

// Ports a node declares in its config (code.js, object.build, flow.switch), drawn and checked as the server derives them.

const port = (name: string, types: string[] | null): CatalogPort => ({ name, kind: 'value', description: name, required: false, schema: {}, types });

const codeJs: CatalogOp = {
  name: 'code.js',
  title: 'JavaScript',
  description: 'Runs JavaScript.',
  category: 'code',
  mod: 'code',
  waitFor: 'all',
  inputs: [],
  outputs: [port('error', ['object'])],
  config: { type: 'object', properties: { source: { type: 'string' }, inputs: { type: 'array' }, outputs: { type: 'array' } } },
  dynamicPorts: { inputs: 'inputs', outputs: 'outputs' },
  examples: [],
};

const mathAdd: CatalogOp = {
  ...codeJs,
  name: 'math.add',
  dynamicPorts: undefined,
  config: null,
  inputs: [port('a', ['number'])],
  outputs: [port('result', ['number'])],
};

const catalog = new Map([codeJs, mathAdd].map((op) => [op.name, op]));

function graph(nodes: OpNode[], edges: GraphEdge[] = []) {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  return { nodeById: (id: string) => byId.get(id), edges, opOf: (name: string) => catalog.get(name) };
}

const codeNode = (id: string, config: Record<string, unknown>) => makeNode(id, 'code.js', { x: 0, y: 0 }, config);

describe('nodePorts', () => {
  test('adds the declared ports after the static ones, typed by their schemas', () => {
    const config = {
      inputs: [{ name: 'order', schema: { type: 'object' } }],
      outputs: [{ name: 'total', schema: { type: 'integer' } }, { name: 'note' }],
    };
    const ports = nodePorts(codeJs, config);
    expect(ports.inputs.map((p) => [p.name, p.types])).toEqual([['order', ['object']]]);
    expect(ports.outputs.map((p) => [p.name, p.types])).toEqual([
      ['error', ['object']],
      ['total', ['number']],
      ['note', null],
    ]);
  });

  test('leaves out what cannot be a port: bad names, clashes, repeats', () => {
    const config = { inputs: [{ name: '1st' }, { name: 'source' }, { name: 'a' }, { name: 'a' }, 'x'], outputs: [{ name: 'error' }] };
    const ports = nodePorts(codeJs, config);
    expect(ports.inputs.map((p) => p.name)).toEqual(['a']);
    expect(ports.outputs.map((p) => p.name)).toEqual(['error']);
  });

  test('is the op itself for an op without declared ports', () => {
    expect(nodePorts(mathAdd, {})).toBe(mathAdd);
  });

  test('reads unions of types as the server does', () => {
    expect(typesOf({ anyOf: [{ type: 'string' }, { type: 'null' }] })).toEqual(['string', 'null']);
    expect(typesOf({ anyOf: [{ type: 'string' }, {}] })).toBeNull();
  });
});

describe('connections to declared ports', () => {
  test('are allowed where the types meet and refused where they do not', () => {
    const js = codeNode('js', {
      outputs: [
        { name: 'label', schema: { type: 'string' } },
        { name: 'count', schema: { type: 'number' } },
      ],
    });
    const add = makeNode('add', 'math.add', { x: 0, y: 0 }, {});
    const g = graph([js, add]);
    expect(refuseReason(g, { source: 'js', sourceHandle: 'count', target: 'add', targetHandle: 'a' })).toBeNull();
    expect(refuseReason(g, { source: 'js', sourceHandle: 'label', target: 'add', targetHandle: 'a' })).toBe(
      'js.label gives string, but add.a takes number',
    );
  });

  test('need the port to be declared', () => {
    const add = makeNode('add', 'math.add', { x: 0, y: 0 }, {});
    const js = codeNode('js', { inputs: [{ name: 'n', schema: { type: 'number' } }] });
    const g = graph([add, js]);
    expect(refuseReason(g, { source: 'add', sourceHandle: 'result', target: 'js', targetHandle: 'n' })).toBeNull();
    expect(refuseReason(g, { source: 'add', sourceHandle: 'result', target: 'js', targetHandle: 'm' })).toBe(
      'Connect an output (right side) to an input (left side)',
    );
  });
});

describe('sourceProblem', () => {
  test("reads the line and column of the server's problem", () => {
    expect(sourceProblem("js: SyntaxError: unexpected token in expression: '*' (line 2, column 21)")).toEqual({
      line: 2,
      column: 21,
      message: "SyntaxError: unexpected token in expression: '*' (line 2, column 21)",
    });
    expect(sourceProblem('js: "source": Required')).toBeUndefined();
    expect(sourceProblem(undefined)).toBeUndefined();
  });
});
