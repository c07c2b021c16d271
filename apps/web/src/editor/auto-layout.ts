import type { InternalNode, XYPosition } from '@xyflow/react';
import type { ElkNode } from 'elkjs/lib/elk.bundled.js';
import type { GraphEdge, OpNode } from './graph.ts';

const DEFAULT_SIZE = { width: 220, height: 120 };

/**
 * Left-to-right layered layout with ports in the order the node draws them, so edges leave and
 * enter where their handles are. ELK is loaded on first use: it is large and most sessions never lay out.
 */
export async function layoutGraph(
  nodes: readonly OpNode[],
  edges: readonly GraphEdge[],
  internal: (id: string) => InternalNode<OpNode> | undefined,
): Promise<Map<string, XYPosition>> {
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
  const elk = new ELK();
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.layered.spacing.nodeNodeBetweenLayers': '80',
      'elk.spacing.nodeNode': '40',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.layered.crossingMinimization.semiInteractive': 'true',
    },
    children: nodes.map((node) => {
      const inner = internal(node.id);
      const width = inner?.measured.width ?? DEFAULT_SIZE.width;
      const height = inner?.measured.height ?? DEFAULT_SIZE.height;
      const bounds = inner?.internals.handleBounds;
      const ports = [
        ...(bounds?.target ?? []).map((h, index) => ({
          id: `${node.id}::in::${h.id}`,
          x: 0,
          y: h.y + h.height / 2,
          layoutOptions: { 'elk.port.side': 'WEST', 'elk.port.index': String(index) },
        })),
        ...(bounds?.source ?? []).map((h, index) => ({
          id: `${node.id}::out::${h.id}`,
          x: width,
          y: h.y + h.height / 2,
          layoutOptions: { 'elk.port.side': 'EAST', 'elk.port.index': String(index) },
        })),
      ];
      return { id: node.id, width, height, ports, layoutOptions: { 'elk.portConstraints': 'FIXED_POS' } };
    }),
    edges: edges.map((edge) => ({
      id: edge.id,
      sources: [`${edge.source}::out::${edge.sourceHandle}`],
      targets: [`${edge.target}::in::${edge.targetHandle}`],
    })),
  };
  const known = new Set(graph.children?.flatMap((c) => (c.ports ?? []).map((p) => p.id)));
  graph.edges = graph.edges?.filter((e) => known.has(e.sources[0] ?? '') && known.has(e.targets[0] ?? ''));
  const laid = await elk.layout(graph);
  return new Map((laid.children ?? []).map((child) => [child.id, { x: child.x ?? 0, y: child.y ?? 0 }]));
}
