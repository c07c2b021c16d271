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

/** Whether `to` can reach `from` along existing edges: then `from → to` would close a cycle. */
function reaches(edges: readonly GraphEdge[], start: string, goal: string): boolean {
  const next = new Map<string, string[]>();
  for (const edge of edges) {
    const list = next.get(edge.source) ?? [];
    list.push(edge.target);
    next.set(edge.source, list);
  }
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
  const occupied = graph.edges.find((e) => e.target === target && e.targetHandle === targetHandle);
  if (occupied) return `${target}.${targetHandle} already has an input (from ${occupied.source}); delete that edge first`;
  if (!typesMeet(out.types, input.types)) {
    return `${source}.${out.name} gives ${describe(out.types)}, but ${target}.${input.name} takes ${describe(input.types)}`;
  }
  if (reaches(graph.edges, target, source)) return `That would close a cycle: ${target} already leads to ${source}`;
  return null;
}
