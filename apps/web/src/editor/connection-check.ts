import type { Connection } from '@xyflow/react';
import type { CatalogOp, CatalogPort } from '../api/types.ts';
import { calledWorkflowPort } from './called-workflows.ts';
import type { GraphEdge, OpNode } from './graph.ts';
import { nodePorts } from './node-ports.ts';

interface GraphView {
  nodeById(id: string): OpNode | undefined;
  edges: readonly GraphEdge[];
  opOf(name: string): CatalogOp | undefined;
}

function describe(types: readonly string[] | null): string {
  return types === null ? 'anything' : types.join(' or ');
}

function outputPort(op: CatalogOp | undefined, node: OpNode, name: string | null | undefined): CatalogPort | undefined {
  return op
    ? calledWorkflowPort(
        op.name,
        node.data.config,
        nodePorts(op, node.data.config).outputs.find((p) => p.name === name),
        'output',
      )
    : undefined;
}

function inputPort(op: CatalogOp | undefined, node: OpNode, name: string | null | undefined): CatalogPort | undefined {
  return op
    ? calledWorkflowPort(
        op.name,
        node.data.config,
        nodePorts(op, node.data.config).inputs.find((p) => p.name === name),
        'input',
      )
    : undefined;
}

export function typesMeet(from: readonly string[] | null, to: readonly string[] | null): boolean {
  if (from === null || to === null) return true;
  return from.some((t) => to.includes(t));
}

interface EdgeIndex {
  /** Node id → the nodes its outputs feed. */
  next: Map<string, string[]>;
  /** `node.port` → the edge into that input. */
  into: Map<string, GraphEdge>;
}

// While a wire is dragged every drawn port asks about its own connection: index the edges once per graph, not once per port.
const indexes = new WeakMap<readonly GraphEdge[], EdgeIndex>();

function edgeIndex(edges: readonly GraphEdge[]): EdgeIndex {
  const known = indexes.get(edges);
  if (known) return known;
  const index: EdgeIndex = { next: new Map(), into: new Map() };
  for (const edge of edges) {
    const list = index.next.get(edge.source);
    if (list) list.push(edge.target);
    else index.next.set(edge.source, [edge.target]);
    const key = `${edge.target}.${edge.targetHandle}`;
    if (!index.into.has(key)) index.into.set(key, edge);
  }
  indexes.set(edges, index);
  return index;
}

/** Whether `to` can reach `from` along existing edges: then `from → to` would close a cycle. */
function reaches(next: ReadonlyMap<string, readonly string[]>, start: string, goal: string): boolean {
  const seen = new Set<string>([start]);
  const stack = [start];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (id === goal) return true;
    for (const target of next.get(id) ?? []) {
      if (!seen.has(target)) {
        seen.add(target);
        stack.push(target);
      }
    }
  }
  return false;
}

/**
 * Why a connection cannot be made, in words meant for the person dragging it, or `null` when it
 * can. Mirrors the server's validation, which still has the last word on save.
 */
export function refuseReason(graph: GraphView, connection: Connection): string | null {
  const { source, target, sourceHandle, targetHandle } = connection;
  if (source === target) return 'A node cannot feed itself';
  const from = graph.nodeById(source);
  const to = graph.nodeById(target);
  if (!from || !to) return 'That node no longer exists';
  const out = outputPort(graph.opOf(from.data.op), from, sourceHandle);
  const input = inputPort(graph.opOf(to.data.op), to, targetHandle);
  if (!out || !input) return 'Connect an output (right side) to an input (left side)';
  const index = edgeIndex(graph.edges);
  const occupied = index.into.get(`${target}.${targetHandle}`);
  if (occupied) return `${target}.${targetHandle} already has an input (from ${occupied.source}); delete that edge first`;
  if (!typesMeet(out.types, input.types)) {
    return `${source}.${out.name} gives ${describe(out.types)}, but ${target}.${input.name} takes ${describe(input.types)}`;
  }
  if (reaches(index.next, target, source)) return `That would close a cycle: ${target} already leads to ${source}`;
  return null;
}
