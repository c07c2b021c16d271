import { Background, type Connection, Controls, type FinalConnectionState, type IsValidConnection, MiniMap, ReactFlow } from '@xyflow/react';
import { type DragEvent, useMemo, useState } from 'react';
import type { CatalogOp } from '../api/types.ts';
import { useCatalog } from '../catalog/catalog-store.ts';
import { categoryHue } from '../catalog/category-icon.tsx';
import { ConnectionLine } from './ConnectionLine.tsx';
import { refuseReason } from './connection-check.ts';
import { useEditor } from './editor-store.ts';
import type { GraphEdge, OpNode } from './graph.ts';
import { currentGraph } from './graph-view.ts';
import { OpNodeView } from './OpNodeView.tsx';
import { OP_DRAG_TYPE } from './Palette.tsx';
import { useInsertOp } from './use-insert-op.ts';

const nodeTypes = { op: OpNodeView };
const FAR_ZOOM = 0.45;

const isValidConnection: IsValidConnection<GraphEdge> = (connection) => refuseReason(currentGraph(), connection as Connection) === null;

function minimapColor(node: OpNode): string {
  const category = useCatalog.getState().byName.get(node.data.op)?.category ?? 'other';
  return `hsl(${categoryHue(category)} 55% 55%)`;
}

const dragStart = () => useEditor.getState().dragStart();
const dragStop = () => useEditor.getState().dragStop();

function onConnectStart(_: unknown, params: { nodeId: string | null; handleId: string | null; handleType: 'source' | 'target' | null }) {
  if (params.nodeId && params.handleId && params.handleType) {
    useEditor.getState().setConnecting({ nodeId: params.nodeId, handleId: params.handleId, handleType: params.handleType });
  }
}

function onConnectEnd(event: MouseEvent | TouchEvent, state: FinalConnectionState) {
  const editor = useEditor.getState();
  editor.setConnecting(null);
  if (!state.toHandle || !state.toNode || !state.fromHandle || !state.fromNode || state.isValid !== false) return;
  const fromIsSource = state.fromHandle.type === 'source';
  const reason = refuseReason(
    currentGraph(),
    fromIsSource
      ? { source: state.fromNode.id, sourceHandle: state.fromHandle.id ?? null, target: state.toNode.id, targetHandle: state.toHandle.id ?? null }
      : { source: state.toNode.id, sourceHandle: state.toHandle.id ?? null, target: state.fromNode.id, targetHandle: state.fromHandle.id ?? null },
  );
  const point = 'changedTouches' in event ? event.changedTouches[0] : event;
  if (reason) editor.notify(`Not connected: ${reason}`, 'error', point ? { x: point.clientX, y: point.clientY } : undefined);
}

/** Edges out of control ports are drawn dashed, edges out of `error` ports in the error colour. */
function styleEdges(edges: GraphEdge[], nodes: OpNode[], catalog: ReadonlyMap<string, CatalogOp>): GraphEdge[] {
  const opOf = new Map(nodes.map((n) => [n.id, n.data.op]));
  return edges.map((edge) => {
    if (edge.sourceHandle === 'error') return { ...edge, className: 'edge-error' };
    const port = catalog.get(opOf.get(edge.source) ?? '')?.outputs.find((p) => p.name === edge.sourceHandle);
    return port?.kind === 'control' ? { ...edge, className: 'edge-control' } : edge;
  });
}

export function Canvas() {
  const nodes = useEditor((s) => s.nodes);
  const rawEdges = useEditor((s) => s.edges);
  const catalog = useCatalog((s) => s.byName);
  // Node moves change `nodes` but not which op a node runs: restyle only when edges or the catalog change.
  const edges = useMemo(() => styleEdges(rawEdges, useEditor.getState().nodes, catalog), [rawEdges, catalog]);
  const readOnly = useEditor((s) => s.readOnly);
  const onNodesChange = useEditor((s) => s.onNodesChange);
  const onEdgesChange = useEditor((s) => s.onEdgesChange);
  const connect = useEditor((s) => s.connect);
  const insert = useInsertOp();
  // Far out, port labels are unreadable anyway: drawing less keeps big graphs smooth to pan.
  const [far, setFar] = useState(false);
  // Fit only a graph that exists when the editor opens: on an empty one, fitting would jump to the first dropped node.
  const [fitOnOpen] = useState(() => useEditor.getState().nodes.length > 0);

  const onDrop = (event: DragEvent) => {
    const op = event.dataTransfer.getData(OP_DRAG_TYPE);
    if (!op || readOnly) return;
    event.preventDefault();
    insert(op, { x: event.clientX, y: event.clientY });
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a drop target for palette drags; keyboard users insert with Tab or the palette buttons
    <div
      className={far ? 'canvas is-far' : 'canvas'}
      onDrop={onDrop}
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes(OP_DRAG_TYPE)) {
          e.preventDefault();
          e.dataTransfer.dropEffect = 'copy';
        }
      }}
    >
      <ReactFlow<OpNode, GraphEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={connect}
        onConnectStart={onConnectStart}
        onConnectEnd={onConnectEnd}
        onNodeDragStart={dragStart}
        onNodeDragStop={dragStop}
        onSelectionDragStart={dragStart}
        onSelectionDragStop={dragStop}
        isValidConnection={isValidConnection}
        connectionLineComponent={ConnectionLine}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        elementsSelectable
        deleteKeyCode={readOnly ? null : ['Delete', 'Backspace']}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
        colorMode="system"
        fitView={fitOnOpen}
        fitViewOptions={{ maxZoom: 1, padding: 0.2 }}
        minZoom={0.1}
        onlyRenderVisibleElements
        onMove={(_, viewport) => setFar(viewport.zoom < FAR_ZOOM)}
        onInit={(instance) => setFar(instance.getZoom() < FAR_ZOOM)}
        defaultEdgeOptions={{ interactionWidth: 16 }}
        aria-label="Workflow canvas"
      >
        <Background gap={20} size={1.2} />
        <Controls showInteractive={false} />
        <MiniMap pannable zoomable nodeColor={minimapColor} nodeStrokeWidth={0} ariaLabel="Overview of the workflow" />
      </ReactFlow>
    </div>
  );
}
