import { Handle, type NodeProps, Position, useStoreApi, useUpdateNodeInternals } from '@xyflow/react';
import { CircleCheck, CircleSlash, CircleX, LoaderCircle, Plus, TriangleAlert } from 'lucide-react';
import { type CSSProperties, memo, useEffect, useRef } from 'react';
import type { CatalogOp, CatalogPort } from '../api/types.ts';
import { useCatalog } from '../catalog/catalog-store.ts';
import { CategoryIcon, categoryHue } from '../catalog/category-icon.tsx';
import { type NodeRunState, useRuns } from '../runs/run-store.ts';
import { formatDuration, previewValue } from '../ui/format.ts';
import { refuseReason } from './connection-check.ts';
import { type Connecting, useEditor } from './editor-store.ts';
import type { OpNode } from './graph.ts';
import { currentGraph } from './graph-view.ts';
import { portTypeLabel } from './next-step.ts';
import type { NodePortLists } from './node-ports.ts';
import { useNodePorts } from './use-node-ports.ts';
import './called-ports.css';

const MAX_CONFIG_SHOWN = 3;

function portCompatible(connecting: Connecting | null, nodeId: string, port: CatalogPort, side: 'source' | 'target'): boolean | undefined {
  if (!connecting || connecting.handleType === side) return undefined;
  const connection =
    side === 'target'
      ? { source: connecting.nodeId, sourceHandle: connecting.handleId, target: nodeId, targetHandle: port.name }
      : { source: nodeId, sourceHandle: port.name, target: connecting.nodeId, targetHandle: connecting.handleId };
  return refuseReason(currentGraph(), connection) === null;
}

function StatusBadge({ state }: { state: NodeRunState }) {
  const icon =
    state.status === 'running' ? (
      <LoaderCircle size={14} className="spin" aria-hidden="true" />
    ) : state.status === 'ok' ? (
      <CircleCheck size={14} aria-hidden="true" />
    ) : state.status === 'error' ? (
      <CircleX size={14} aria-hidden="true" />
    ) : (
      <CircleSlash size={14} aria-hidden="true" />
    );
  return (
    <span className={`status-badge status-${state.status}`} data-status={state.status}>
      {icon}
      <span>{state.status}</span>
      {state.durationMs !== undefined && state.status !== 'running' ? <span className="muted">{formatDuration(state.durationMs)}</span> : null}
    </span>
  );
}

/** Always there, always one line high: a run fills it in without the node growing into its neighbours. */
function StatusStrip({ state }: { state: NodeRunState | undefined }) {
  const shown = state && state.status !== 'pending' ? state : undefined;
  const message = shown?.status === 'error' ? shown.error?.message : undefined;
  return (
    <div className="op-node-status">
      {shown ? <StatusBadge state={shown} /> : <span className="op-node-idle">Not run yet</span>}
      {message ? (
        <span className="op-node-error" role="status" title={message}>
          {message}
        </span>
      ) : null}
    </div>
  );
}

function PortRow({
  port,
  side,
  nodeId,
  connecting,
  problem,
  calledType = false,
}: {
  port: CatalogPort;
  side: 'source' | 'target';
  nodeId: string;
  connecting: Connecting | null;
  problem: string | undefined;
  /** The port is typed by the workflow the node calls: its type is shown beside its name. */
  calledType?: boolean;
}) {
  const readOnly = useEditor((s) => s.readOnly);
  const compatible = portCompatible(connecting, nodeId, port, side);
  const classes = [
    'port',
    `port-${side === 'target' ? 'in' : 'out'}`,
    `port-${port.kind}`,
    port.name === 'error' && side === 'source' ? 'port-error' : '',
    compatible === true ? 'is-compatible' : compatible === false ? 'is-incompatible' : '',
    problem ? 'has-problem' : '',
  ]
    .filter(Boolean)
    .join(' ');
  const types = portTypeLabel(port);
  return (
    <div
      className={classes}
      title={problem ?? `${port.name}: ${types}${port.description ? ` — ${port.description}` : ''}`}
      data-port={port.name}
      data-port-types={types}
    >
      <Handle type={side} position={side === 'target' ? Position.Left : Position.Right} id={port.name} className={`handle handle-${port.kind}`} />
      <span className="port-name">
        {port.name}
        {side === 'target' && port.required ? <span className="required">*</span> : null}
        {calledType && port.types !== null ? <span className="port-type">{types}</span> : null}
      </span>
      {side === 'source' && !readOnly && !connecting ? (
        <button
          type="button"
          className="port-add nodrag nopan"
          tabIndex={-1}
          aria-label={`Add a step after ${nodeId}.${port.name}`}
          title={`Add a step that takes ${types}`}
          onClick={(event) => {
            event.stopPropagation();
            useEditor.getState().openPicker({ from: { nodeId, port: port.name } });
          }}
        >
          <Plus size={12} strokeWidth={2.5} aria-hidden="true" />
        </button>
      ) : null}
    </div>
  );
}

function UnknownOp({ op }: { op: string }) {
  return (
    <div className="op-node-unknown">
      <TriangleAlert size={14} aria-hidden="true" /> No op named “{op}” is loaded
    </div>
  );
}

interface MeasuredHandles {
  source: readonly { id?: string | null }[] | null;
  target: readonly { id?: string | null }[] | null;
}

/** Whether React Flow has not measured the node yet (it will on first draw), or measured exactly these ports. */
function handlesMatch(measured: MeasuredHandles | undefined, ports: NodePortLists | undefined): boolean {
  if (!measured) return true;
  const ids = (handles: MeasuredHandles['source']) => (handles ?? []).map((h) => h.id ?? '').join(',');
  const names = (list: readonly CatalogPort[] | undefined) => (list ?? []).map((p) => p.name).join(',');
  return ids(measured.target) === names(ports?.inputs) && ids(measured.source) === names(ports?.outputs);
}

function OpNodeViewImpl({ id, data, selected }: NodeProps<OpNode>) {
  const op: CatalogOp | undefined = useCatalog((s) => s.byName.get(data.op));
  const run = useRuns((s) => s.nodes[id]);
  const problems = useEditor((s) => s.problemsByNode[id]);
  const connecting = useEditor((s) => s.connecting);
  const hue = categoryHue(op?.category ?? 'other');
  // Declared port lists are drawn as the ports themselves, not repeated as settings.
  const portLists = new Set([op?.dynamicPorts?.inputs, op?.dynamicPorts?.outputs]);
  const configEntries = Object.entries(data.config)
    .filter(([key]) => !portLists.has(key))
    .slice(0, MAX_CONFIG_SHOWN);
  const problemAt = (port: string) => problems?.find((p) => p.targetPort === port)?.message;
  const ports = useNodePorts(op, data.op, data.config);
  const portNames = ports
    ? `${ports.inputs.map((p) => `${p.name}:${portTypeLabel(p)}`).join(',')}|${ports.outputs.map((p) => `${p.name}:${portTypeLabel(p)}`).join(',')}`
    : '';
  const updateNodeInternals = useUpdateNodeInternals();
  const flowStore = useStoreApi<OpNode>();
  const drawnPorts = useRef<string | undefined>(undefined);
  // React Flow measures a node's handles when it first draws it; ports declared in config come and
  // go as it is edited, and only that needs a new measurement. Asking on every mount would make
  // opening a workflow one store update per node, each of which every node's subscriptions re-check.
  // biome-ignore lint/correctness/useExhaustiveDependencies: portNames stands for ports, and the store never changes
  useEffect(() => {
    const drawn = drawnPorts.current;
    drawnPorts.current = portNames;
    if (drawn === portNames) return;
    // Drawn again after scrolling out of view: measure only if its ports changed meanwhile.
    if (drawn === undefined && handlesMatch(flowStore.getState().nodeLookup.get(id)?.internals.handleBounds, ports)) return;
    updateNodeInternals(id);
  }, [id, portNames, updateNodeInternals]);
  const classes = ['op-node', selected ? 'is-selected' : '', problems ? 'has-problems' : '', run ? `run-${run.status}` : '']
    .filter(Boolean)
    .join(' ');

  return (
    <div className={classes} style={{ '--hue': hue } as CSSProperties} data-node-id={id} data-op={data.op}>
      <div className="op-node-header">
        <span className="op-node-icon">
          <CategoryIcon category={op?.category ?? 'other'} size={14} />
        </span>
        <span className="op-node-titles">
          <span className="op-node-title">{data.label ?? op?.title ?? data.op}</span>
          <span className="op-node-op">
            {id} · {data.op}
          </span>
        </span>
        {problems ? (
          <span className="problem-count" title={problems.map((p) => p.message).join('\n')}>
            <TriangleAlert size={12} aria-hidden="true" />
            {problems.length}
          </span>
        ) : null}
      </div>
      {op ? (
        <div className="op-node-ports">
          <div className="ports-in">
            {ports?.inputs.map((port) => (
              <PortRow
                key={port.name}
                port={port}
                side="target"
                nodeId={id}
                connecting={connecting}
                problem={problemAt(port.name)}
                calledType={ports.calledPort(port, 'in')}
              />
            ))}
          </div>
          <div className="ports-out">
            {ports?.outputs.map((port) => (
              <PortRow
                key={port.name}
                port={port}
                side="source"
                nodeId={id}
                connecting={connecting}
                problem={problemAt(port.name)}
                calledType={ports.calledPort(port, 'out')}
              />
            ))}
          </div>
        </div>
      ) : (
        <UnknownOp op={data.op} />
      )}
      {configEntries.length > 0 ? (
        <dl className="op-node-config">
          {configEntries.map(([key, value]) => (
            <div key={key}>
              <dt>{key}</dt>
              <dd>{previewValue(value, 28)}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      <StatusStrip state={run} />
    </div>
  );
}

export const OpNodeView = memo(OpNodeViewImpl);
