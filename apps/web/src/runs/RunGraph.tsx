import { Background, Controls, ReactFlow } from '@xyflow/react';
import { useMemo } from 'react';
import type { RunRecord, Workflow } from '../api/types.ts';
import { type GraphEdge, type OpNode, toFlow } from '../editor/graph.ts';
import { OpNodeView } from '../editor/OpNodeView.tsx';

const nodeTypes = { op: OpNodeView };

/** The graph that ran, drawn with the editor's own nodes, read-only; each node shows its status from the run store. */
export function RunGraph({
  graph,
  selected,
  onSelect,
}: {
  graph: NonNullable<RunRecord['graph']>;
  selected: string | undefined;
  onSelect(id: string): void;
}) {
  const flow = useMemo(() => toFlow({ nodes: graph.nodes, edges: graph.edges } as Workflow), [graph]);
  const nodes = useMemo(() => flow.nodes.map((node) => ({ ...node, selected: node.id === selected })), [flow, selected]);
  const edges = useMemo(() => flow.edges.map((edge) => (edge.sourceHandle === 'error' ? { ...edge, className: 'edge-error' } : edge)), [flow]);
  return (
    <div className="run-graph" data-testid="run-graph">
      <ReactFlow<OpNode, GraphEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable
        deleteKeyCode={null}
        onNodeClick={(_, node) => onSelect(node.id)}
        colorMode="system"
        fitView
        fitViewOptions={{ maxZoom: 1, padding: 0.15 }}
        minZoom={0.1}
        aria-label="The graph that ran"
      >
        <Background gap={20} size={1.2} />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
