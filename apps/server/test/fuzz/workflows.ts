import fc from 'fast-check';
import { edge } from '../helpers.ts';
import { jsonish, nastyString } from './values.ts';

/** Workflows: a valid one, and near-valid ones with one or more mutations. */

export const validWorkflow = () => ({
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

export type Doc = Record<string, any>;
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

export const nearValidWorkflow = fc.array(mutation, { minLength: 1, maxLength: 4 }).map((mutations) => {
  const doc: Doc = validWorkflow();
  for (const m of mutations) mutate(doc, m);
  return doc;
});
