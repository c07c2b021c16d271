import type { RetryPolicy } from '@pattern/core';
import type { Edge, Node, XYPosition } from '@xyflow/react';
import type { Workflow } from '../api/types.ts';

export interface OpNodeData extends Record<string, unknown> {
  op: string;
  config: Record<string, unknown>;
  label?: string;
  retry?: RetryPolicy;
}

export type OpNode = Node<OpNodeData, 'op'>;
export type GraphEdge = Edge;

export function edgeId(source: string, sourcePort: string, target: string, targetPort: string): string {
  return `${source}.${sourcePort}->${target}.${targetPort}`;
}

export function toFlow(workflow: Workflow): { nodes: OpNode[]; edges: GraphEdge[] } {
  const nodes = workflow.nodes.map((node, index) =>
    makeNode(node.id, node.op, node.position ?? { x: (index % 6) * 280, y: Math.floor(index / 6) * 200 }, node.config ?? {}, node.label, node.retry),
  );
  const edges = (workflow.edges ?? []).map((edge) => ({
    id: edgeId(edge.from.node, edge.from.port, edge.to.node, edge.to.port),
    source: edge.from.node,
    sourceHandle: edge.from.port,
    target: edge.to.node,
    targetHandle: edge.to.port,
  }));
  return { nodes, edges };
}

export function makeNode(id: string, op: string, position: XYPosition, config: Record<string, unknown>, label?: string, retry?: RetryPolicy): OpNode {
  return {
    id,
    type: 'op',
    position,
    ariaLabel: `Node ${id} (${op})`,
    data: { op, config, ...(label ? { label } : {}), ...(retry ? { retry } : {}) },
  };
}

export function toWorkflow(meta: Omit<Workflow, 'nodes' | 'edges'>, nodes: readonly OpNode[], edges: readonly GraphEdge[]): Workflow {
  const { id, name, description, meta: view, ...settings } = meta;
  return {
    ...(id ? { id } : {}),
    ...(name ? { name } : {}),
    ...(description ? { description } : {}),
    // The workflow's own settings (its input and output schemas, …) go back as they came.
    ...settings,
    ...(view ? { meta: view } : {}),
    nodes: nodes.map((node) => ({
      id: node.id,
      op: node.data.op,
      ...(Object.keys(node.data.config).length > 0 ? { config: node.data.config } : {}),
      position: { x: Math.round(node.position.x), y: Math.round(node.position.y) },
      ...(node.data.label ? { label: node.data.label } : {}),
      ...(node.data.retry ? { retry: node.data.retry } : {}),
    })),
    edges: edges.map((edge) => ({
      from: { node: edge.source, port: edge.sourceHandle ?? '' },
      to: { node: edge.target, port: edge.targetHandle ?? '' },
    })),
  };
}

/** `store.put` → `put`, `put_2`, ...: readable ids that stay valid workflow ids. */
export function freshNodeId(op: string, taken: (id: string) => boolean): string {
  const base = (op.split('.').pop() ?? 'node').replace(/[^A-Za-z0-9_.:-]/g, '_') || 'node';
  if (!taken(base)) return base;
  for (let n = 2; ; n++) if (!taken(`${base}_${n}`)) return `${base}_${n}`;
}
