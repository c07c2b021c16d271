import { BookOpen, MousePointerClick } from 'lucide-react';
import type { CatalogOp } from '../api/types.ts';
import { useCatalog } from '../catalog/catalog-store.ts';
import { CategoryIcon } from '../catalog/category-icon.tsx';
import { useRuns } from '../runs/run-store.ts';
import { formatDuration } from '../ui/format.ts';
import { Markdown } from '../ui/Markdown.tsx';
import { ValueView } from '../ui/ValueView.tsx';
import { useEditor } from './editor-store.ts';
import { FieldInput } from './FieldInput.tsx';
import type { OpNode } from './graph.ts';
import { RetrySettings } from './RetrySettings.tsx';
import type { FieldSchema } from './schema-field.ts';
import { useNodePorts } from './use-node-ports.ts';

function NodeRunValues({ nodeId }: { nodeId: string }) {
  const trace = useRuns((s) => s.run?.nodes?.[nodeId]);
  const live = useRuns((s) => s.nodes[nodeId]);
  const runId = useRuns((s) => s.run?.id);
  if (!runId) return null;
  const status = live?.status ?? trace?.status;
  return (
    <section className="inspector-section" aria-label="Values from the run">
      <h3>
        From run <code>{runId.slice(-8)}</code>
        {status ? <span className={`status-badge status-${status}`}>{status}</span> : null}
        {trace?.durationMs !== undefined ? <span className="muted"> {formatDuration(trace.durationMs)}</span> : null}
      </h3>
      {!trace ? <p className="muted">{status === 'running' ? 'Running…' : 'This node did not run.'}</p> : null}
      {trace?.error ? (
        <div className="run-error" role="status">
          <strong>{trace.error.code}</strong>: {trace.error.message}
        </div>
      ) : null}
      {trace?.inputs && Object.keys(trace.inputs).length > 0 ? (
        <>
          <h4>Inputs</h4>
          {Object.entries(trace.inputs).map(([port, value]) => (
            <div key={port} className="port-value">
              <span className="port-value-name">{port}</span>
              <ValueView value={value} label={`input.${port}`} />
            </div>
          ))}
        </>
      ) : null}
      {trace?.outputs && Object.keys(trace.outputs).length > 0 ? (
        <>
          <h4>Outputs</h4>
          {Object.entries(trace.outputs).map(([port, value]) => (
            <div key={port} className="port-value">
              <span className="port-value-name">{port}</span>
              <ValueView value={value} label={`output.${port}`} />
            </div>
          ))}
        </>
      ) : null}
    </section>
  );
}

function NodeForm({ node, op }: { node: OpNode; op: CatalogOp }) {
  const edges = useEditor((s) => s.edges);
  const problems = useEditor((s) => s.problemsByNode[node.id]);
  const readOnly = useEditor((s) => s.readOnly);
  const update = useEditor((s) => s.updateConfig);
  const config = op.config as FieldSchema | null;
  const configRequired = new Set(config?.required ?? []);
  const problemOf = (key: string) => problems?.find((p) => p.targetPort === key)?.message;
  // Ports the node's config declares take constants like the op's own; a called workflow's input takes what it declares.
  const inputs = useNodePorts(op, op.name, node.data.config)?.inputs ?? [];

  return (
    <>
      {inputs.some((p) => p.kind === 'value') ? (
        <section className="inspector-section" aria-label="Inputs">
          <h3>Inputs</h3>
          {inputs
            .filter((port) => port.kind === 'value')
            .map((port) => {
              const wired = edges.find((e) => e.target === node.id && e.targetHandle === port.name);
              if (wired) {
                return (
                  <div key={port.name} className="field is-wired">
                    <span className="field-name">{port.name}</span>
                    <span className="wired-from">
                      ← {wired.source}.{wired.sourceHandle}
                    </span>
                  </div>
                );
              }
              return (
                <FieldInput
                  key={`${node.id}:${port.name}`}
                  name={port.name}
                  schema={port.schema as FieldSchema}
                  required={port.required}
                  value={node.data.config[port.name]}
                  description={port.description}
                  serverProblem={problemOf(port.name)}
                  disabled={readOnly}
                  config={node.data.config}
                  onChange={(value) => update(node.id, port.name, value)}
                />
              );
            })}
        </section>
      ) : null}
      {config?.properties && Object.keys(config.properties).length > 0 ? (
        <section className="inspector-section" aria-label="Settings">
          <h3>Settings</h3>
          {Object.entries(config.properties).map(([key, schema]) => (
            <FieldInput
              key={`${node.id}:${key}`}
              name={key}
              schema={schema}
              required={configRequired.has(key)}
              value={node.data.config[key]}
              description={schema.description}
              serverProblem={problemOf(key)}
              disabled={readOnly}
              config={node.data.config}
              onChange={(value) => update(node.id, key, value)}
            />
          ))}
        </section>
      ) : null}
    </>
  );
}

export function Inspector() {
  const selected = useEditor((s) => {
    let found: OpNode | undefined;
    for (const node of s.nodes) {
      if (node.selected) {
        if (found) return 'many' as const;
        found = node;
      }
    }
    return found;
  });
  const op = useCatalog((s) => (selected && selected !== 'many' ? s.byName.get(selected.data.op) : undefined));

  if (selected === 'many') return <p className="panel-empty">Several nodes are selected. Copy, delete or move them together.</p>;
  if (!selected) {
    return (
      <div className="panel-empty">
        <MousePointerClick size={20} aria-hidden="true" />
        <p>Select a node to edit its inputs and settings, and to see its values from the last run.</p>
      </div>
    );
  }
  return (
    <div className="inspector">
      <header className="inspector-header">
        <span className="inspector-icon">
          <CategoryIcon category={op?.category ?? 'other'} size={16} />
        </span>
        <div>
          <h2>{op?.title ?? selected.data.op}</h2>
          <p className="muted">
            <code>{selected.id}</code> · <code>{selected.data.op}</code>
          </p>
        </div>
        <a
          className="icon-button"
          href={`/docs/ops/${selected.data.op}`}
          target="_blank"
          rel="noreferrer"
          aria-label={`Documentation of ${selected.data.op}`}
        >
          <BookOpen size={16} aria-hidden="true" />
        </a>
      </header>
      {op ? (
        <Markdown source={op.description} className="inspector-description" />
      ) : (
        <p className="panel-error">No op named “{selected.data.op}” is loaded.</p>
      )}
      {op ? <NodeForm node={selected} op={op} /> : null}
      {op ? <RetrySettings node={selected} op={op} /> : null}
      <NodeRunValues nodeId={selected.id} />
    </div>
  );
}
