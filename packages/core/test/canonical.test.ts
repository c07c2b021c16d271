import { describe, expect, it } from 'vitest';
import { canonicalJson, type Workflow, workflowHash } from '../src/index.ts';

const base: Workflow = {
  id: 'w',
  name: 'A',
  nodes: [
    { id: 'a', op: 'value.const', config: { value: { x: 1, y: [1, 2] } }, position: { x: 0, y: 0 } },
    { id: 'b', op: 'flow.output', config: { key: 'k' } },
  ],
  edges: [{ id: 'e1', from: { node: 'a', port: 'value' }, to: { node: 'b', port: 'value' } }],
};

describe('workflow hash', () => {
  it('ignores positions, names, labels, edge ids, editor state, key order and array order of nodes and edges', () => {
    const moved: Workflow = {
      edges: [{ to: { port: 'value', node: 'b' }, from: { port: 'value', node: 'a' } }],
      nodes: [
        { config: { key: 'k' }, op: 'flow.output', id: 'b', position: { x: 500, y: 20 }, label: 'Out' },
        { op: 'value.const', id: 'a', config: { value: { y: [1, 2], x: 1 } } },
      ],
      id: 'w',
      name: 'Renamed',
      meta: { viewport: { x: 1, y: 2, zoom: 1.5 } },
    };
    expect(workflowHash(moved)).toBe(workflowHash(base));
  });

  it('changes with anything the engine runs', () => {
    const config = structuredClone(base);
    (config.nodes[0] as { config: Record<string, unknown> }).config = { value: { x: 2, y: [1, 2] } };
    const arrayOrder = structuredClone(base);
    (arrayOrder.nodes[0] as { config: Record<string, unknown> }).config = { value: { x: 1, y: [2, 1] } };
    const rewired = structuredClone(base);
    rewired.edges = [];
    const op = structuredClone(base);
    (op.nodes[1] as { op: string }).op = 'log';
    const hashes = [base, config, arrayOrder, rewired, op].map(workflowHash);
    expect(new Set(hashes).size).toBe(5);
  });
});

describe('canonicalJson and __proto__', () => {
  it('keeps a __proto__ key as data, so two documents that differ only there hash apart', () => {
    const withKey = JSON.parse('{"b":1,"__proto__":{"x":1},"a":2}') as unknown;
    expect(canonicalJson(withKey)).toBe('{"__proto__":{"x":1},"a":2,"b":1}');
    expect(canonicalJson(withKey)).not.toBe(canonicalJson({ a: 2, b: 1 }));
  });
});
