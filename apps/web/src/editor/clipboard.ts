import type { RetryPolicy } from '@pattern/core';
import type { XYPosition } from '@xyflow/react';
import { edgeId, freshNodeId, type GraphEdge, makeNode, type OpNode } from './graph.ts';

const CLIPBOARD_KIND = 'pattern/fragment';

export interface Fragment {
  kind: typeof CLIPBOARD_KIND;
  nodes: Array<{ id: string; op: string; config?: Record<string, unknown>; position: XYPosition; label?: string; retry?: RetryPolicy }>;
  edges: Array<{ from: { node: string; port: string }; to: { node: string; port: string } }>;
}

/** The selection as JSON: its nodes and the edges between them (edges leaving it are dropped). */
export function copySelection(nodes: readonly OpNode[], edges: readonly GraphEdge[]): Fragment | undefined {
  const chosen = nodes.filter((n) => n.selected);
  if (chosen.length === 0) return undefined;
  const ids = new Set(chosen.map((n) => n.id));
  return {
    kind: CLIPBOARD_KIND,
    nodes: chosen.map((n) => ({
      id: n.id,
      op: n.data.op,
      config: n.data.config,
      position: n.position,
      ...(n.data.label ? { label: n.data.label } : {}),
      ...(n.data.retry ? { retry: n.data.retry } : {}),
    })),
    edges: edges
      .filter((e) => ids.has(e.source) && ids.has(e.target))
      .map((e) => ({ from: { node: e.source, port: e.sourceHandle ?? '' }, to: { node: e.target, port: e.targetHandle ?? '' } })),
  };
}

export function parseFragment(text: string): Fragment | undefined {
  try {
    const value = JSON.parse(text) as Partial<Fragment>;
    if (value?.kind !== CLIPBOARD_KIND || !Array.isArray(value.nodes) || !Array.isArray(value.edges)) return undefined;
    return value as Fragment;
  } catch {
    return undefined;
  }
}

/** Fresh ids for the pasted nodes (edges follow them), placed with their top-left corner at `at`. */
export function materialize(fragment: Fragment, existing: ReadonlySet<string>, at: XYPosition): { nodes: OpNode[]; edges: GraphEdge[] } {
  const taken = new Set(existing);
  const rename = new Map<string, string>();
  const minX = Math.min(...fragment.nodes.map((n) => n.position.x));
  const minY = Math.min(...fragment.nodes.map((n) => n.position.y));
  const nodes = fragment.nodes.map((n) => {
    const id = freshNodeId(n.id, (candidate) => taken.has(candidate));
    taken.add(id);
    rename.set(n.id, id);
    return makeNode(id, n.op, { x: at.x + n.position.x - minX, y: at.y + n.position.y - minY }, structuredClone(n.config ?? {}), n.label, n.retry);
  });
  const edges = fragment.edges.flatMap((e) => {
    const source = rename.get(e.from.node);
    const target = rename.get(e.to.node);
    if (!source || !target) return [];
    return [{ id: edgeId(source, e.from.port, target, e.to.port), source, sourceHandle: e.from.port, target, targetHandle: e.to.port }];
  });
  return { nodes, edges };
}
