import type { CatalogOp } from '../api/types.ts';
import { useCatalog } from '../catalog/catalog-store.ts';
import { useEditor } from './editor-store.ts';
import type { GraphEdge, OpNode } from './graph.ts';

interface GraphView {
  nodeById(id: string): OpNode | undefined;
  edges: readonly GraphEdge[];
  opOf(name: string): CatalogOp | undefined;
}

let cached: { nodes: readonly OpNode[]; edges: readonly GraphEdge[]; view: GraphView } | undefined;

/** The current graph as the connection checks read it; rebuilt only when the graph changed. */
export function currentGraph(): GraphView {
  const { nodes, edges } = useEditor.getState();
  if (cached && cached.nodes === nodes && cached.edges === edges) return cached.view;
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const view: GraphView = { nodeById: (id) => byId.get(id), edges, opOf: (name) => useCatalog.getState().byName.get(name) };
  cached = { nodes, edges, view };
  return view;
}
