import {
  Background,
  type Connection,
  Controls,
  type FinalConnectionState,
  type IsValidConnection,
  MiniMap,
  ReactFlow,
  useNodesInitialized,
  useReactFlow,
} from '@xyflow/react';
import { MousePointerClick } from 'lucide-react';
import { type DragEvent, type MouseEvent as ReactMouseEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CatalogOp } from '../api/types.ts';
import { useCatalog } from '../catalog/catalog-store.ts';
import { categoryHue } from '../catalog/category-icon.tsx';
import { CanvasMenu, type MenuState } from './CanvasMenu.tsx';
import { ConnectionLine } from './ConnectionLine.tsx';
import { refuseReason } from './connection-check.ts';
import { useEditor } from './editor-store.ts';
import { fitReadable } from './fit-view.ts';
import type { GraphEdge, OpNode } from './graph.ts';
import { currentGraph } from './graph-view.ts';
import { portTypeLabel } from './next-step.ts';
import { nodePorts } from './node-ports.ts';
import { OpNodeView } from './OpNodeView.tsx';
import { OP_DRAG_TYPE } from './Palette.tsx';
import { TypedEdge } from './TypedEdge.tsx';
import { useInsertOp } from './use-insert-op.ts';
import './canvas.css';

const nodeTypes = { op: OpNodeView };
const edgeTypes = { typed: TypedEdge };
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
  const point = 'changedTouches' in event ? event.changedTouches[0] : event;
  const at = point ? { x: point.clientX, y: point.clientY } : undefined;
  // Let go over empty canvas: offer the ops that can take this output, and put the chosen one there.
  const onPane = event.target instanceof Element && event.target.classList.contains('react-flow__pane');
  if (!state.toHandle && onPane && state.fromHandle?.type === 'source' && state.fromNode && state.fromHandle.id) {
    editor.openPicker({ from: { nodeId: state.fromNode.id, port: state.fromHandle.id }, ...(at ? { at } : {}) });
    return;
  }
  if (!state.toHandle || !state.toNode || !state.fromHandle || !state.fromNode || state.isValid !== false) return;
  const fromIsSource = state.fromHandle.type === 'source';
  const reason = refuseReason(
    currentGraph(),
    fromIsSource
      ? { source: state.fromNode.id, sourceHandle: state.fromHandle.id ?? null, target: state.toNode.id, targetHandle: state.toHandle.id ?? null }
      : { source: state.toNode.id, sourceHandle: state.toHandle.id ?? null, target: state.fromNode.id, targetHandle: state.fromHandle.id ?? null },
  );
  if (reason) editor.notify(`Not connected: ${reason}`, 'error', at);
}

/** Edges name the type they carry; out of control ports they are dashed, out of `error` ports in the error colour. */
function styleEdges(edges: GraphEdge[], nodes: OpNode[], catalog: ReadonlyMap<string, CatalogOp>): GraphEdge[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  return edges.map((edge) => {
    const node = byId.get(edge.source);
    const op = node && catalog.get(node.data.op);
    const port = op && node ? nodePorts(op, node.data.config).outputs.find((p) => p.name === edge.sourceHandle) : undefined;
    const className = edge.sourceHandle === 'error' ? 'edge-error' : port?.kind === 'control' ? 'edge-control' : undefined;
    return { ...edge, type: 'typed', data: { typeLabel: portTypeLabel(port) }, ...(className ? { className } : {}) };
  });
}

function EmptyHint() {
  return (
    <div className="canvas-empty" data-testid="canvas-empty">
      <MousePointerClick size={28} aria-hidden="true" />
      <p className="canvas-empty-title">Drag an op here, or press Tab</p>
      <p className="canvas-empty-sub">Start with flow.input, then use the “+” on an output to add each next step.</p>
    </div>
  );
}

export function Canvas() {
  const flow = useReactFlow<OpNode, GraphEdge>();
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
  const [menu, setMenu] = useState<MenuState | null>(null);
  const closeMenu = useCallback(() => setMenu(null), []);
  // Far out, port labels are unreadable anyway: drawing less keeps big graphs smooth to pan.
  const [far, setFar] = useState(false);
  // Fit only a graph that exists when the editor opens: on an empty one, fitting would jump to the first dropped node.
  const fitted = useRef(useEditor.getState().nodes.length === 0);
  const initialized = useNodesInitialized();
  useEffect(() => {
    if (!initialized || fitted.current) return;
    fitted.current = true;
    void fitReadable(flow);
  }, [initialized, flow]);

  const onDrop = (event: DragEvent) => {
    const op = event.dataTransfer.getData(OP_DRAG_TYPE);
    if (!op || readOnly) return;
    event.preventDefault();
    insert(op, { x: event.clientX, y: event.clientY });
  };
  const openMenu = (target: MenuState['target']) => (event: ReactMouseEvent | MouseEvent) => {
    event.preventDefault();
    setMenu({ target, x: event.clientX, y: event.clientY });
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a drop target for palette drags; keyboard users insert with Tab or the palette buttons
    <div
      id="canvas"
      tabIndex={-1}
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
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={connect}
        onConnectStart={onConnectStart}
        onConnectEnd={onConnectEnd}
        onNodeDragStart={dragStart}
        onNodeDragStop={dragStop}
        onSelectionDragStart={dragStart}
        onSelectionDragStop={dragStop}
        onPaneContextMenu={(event) => openMenu({ kind: 'pane' })(event)}
        onNodeContextMenu={(event, node) => {
          useEditor.getState().selectOnly(node.id);
          openMenu({ kind: 'node', id: node.id })(event);
        }}
        onEdgeContextMenu={(event, edge) => openMenu({ kind: 'edge', id: edge.id })(event)}
        onMoveStart={closeMenu}
        isValidConnection={isValidConnection}
        connectionLineComponent={ConnectionLine}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        elementsSelectable
        deleteKeyCode={readOnly ? null : ['Delete', 'Backspace']}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
        colorMode="system"
        minZoom={0.1}
        onlyRenderVisibleElements
        onMove={(_, viewport) => setFar(viewport.zoom < FAR_ZOOM)}
        onInit={(instance) => setFar(instance.getZoom() < FAR_ZOOM)}
        defaultEdgeOptions={{ interactionWidth: 18 }}
        aria-label="Workflow canvas"
      >
        <Background gap={24} size={1.4} />
        <Controls showInteractive={false} onFitView={() => void fitReadable(flow, 300)} />
        <MiniMap pannable zoomable nodeColor={minimapColor} nodeStrokeWidth={0} ariaLabel="Overview of the workflow" />
      </ReactFlow>
      {nodes.length === 0 && !readOnly ? <EmptyHint /> : null}
      {menu ? <CanvasMenu menu={menu} onClose={closeMenu} /> : null}
    </div>
  );
}
