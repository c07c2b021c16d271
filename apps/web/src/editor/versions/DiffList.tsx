import { useReactFlow } from '@xyflow/react';
import { Minus, Pencil, Plus } from 'lucide-react';
import type { ReactNode } from 'react';
import { previewValue } from '../../ui/format.ts';
import { useEditor } from '../editor-store.ts';
import type { Side } from './version-store.ts';
import { countChanges, edgeKey, type FieldChange, type WorkflowDiff } from './workflow-diff.ts';

export function sideLabel(side: Side): string {
  return side === 'draft' ? 'the draft' : `version ${side}`;
}

function Value({ value }: { value: unknown }) {
  return <code className="diff-value">{value === undefined ? '—' : previewValue(value, 60)}</code>;
}

function FieldChanges({ changes }: { changes: FieldChange[] }) {
  return (
    <ul className="diff-fields">
      {changes.map((change) => (
        <li key={change.path} data-field={change.path} className={`diff-field diff-field-${change.kind}`}>
          <code className="diff-path">{change.path}</code>
          {change.kind === 'added' ? (
            <>
              {' '}
              added: <Value value={change.after} />
            </>
          ) : change.kind === 'removed' ? (
            <>
              {' '}
              removed (was <Value value={change.before} />)
            </>
          ) : (
            <>
              : <Value value={change.before} /> → <Value value={change.after} />
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

function Group({ title, count, children }: { title: string; count: number; children: ReactNode }) {
  if (count === 0) return null;
  return (
    <div className="diff-group">
      <h4>
        {title} <span className="muted">{count}</span>
      </h4>
      <ul className="diff-items">{children}</ul>
    </div>
  );
}

/** What changed between two versions, as a list; a node's entry centres it on the canvas. */
export function DiffList({ from, to, diff }: { from: Side; to: Side; diff: WorkflowDiff }) {
  const flow = useReactFlow();
  const focus = (nodeId: string) => {
    useEditor.getState().selectOnly(nodeId);
    const node = flow.getInternalNode(nodeId);
    if (!node) return;
    void flow.setCenter(
      node.internals.positionAbsolute.x + (node.measured.width ?? 200) / 2,
      node.internals.positionAbsolute.y + (node.measured.height ?? 100) / 2,
      { zoom: Math.max(flow.getZoom(), 0.9), duration: 300 },
    );
  };
  const nodeButton = (id: string, op: string, icon: ReactNode) => (
    <button type="button" className="diff-node" onClick={() => focus(id)}>
      {icon}
      <code>{id}</code> <span className="muted">{op}</span>
    </button>
  );
  const total = countChanges(diff);

  return (
    <section className="inspector-section diff-list" aria-label="Changes" data-testid="diff-list">
      <h3>
        Changes from {sideLabel(from)} to {sideLabel(to)}
      </h3>
      {total === 0 ? (
        <p className="muted small" data-testid="diff-empty">
          No changes{diff.nodesMoved.length > 0 ? ` (${diff.nodesMoved.length} node${diff.nodesMoved.length === 1 ? '' : 's'} moved)` : ''}.
        </p>
      ) : (
        <p className="muted small diff-legend">
          <span className="diff-swatch diff-swatch-added" /> added <span className="diff-swatch diff-swatch-removed" /> removed{' '}
          <span className="diff-swatch diff-swatch-changed" /> changed
          {diff.sameEngineContent ? ' · what runs is the same' : ''}
        </p>
      )}
      <Group title="Nodes added" count={diff.nodesAdded.length}>
        {diff.nodesAdded.map((n) => (
          <li key={n.id} data-diff="node-added" data-node={n.id}>
            {nodeButton(n.id, n.op, <Plus size={13} className="diff-icon-added" aria-hidden="true" />)}
          </li>
        ))}
      </Group>
      <Group title="Nodes removed" count={diff.nodesRemoved.length}>
        {diff.nodesRemoved.map((n) => (
          <li key={n.id} data-diff="node-removed" data-node={n.id}>
            {nodeButton(n.id, n.op, <Minus size={13} className="diff-icon-removed" aria-hidden="true" />)}
          </li>
        ))}
      </Group>
      <Group title="Nodes changed" count={diff.nodesChanged.length}>
        {diff.nodesChanged.map((c) => (
          <li key={c.id} data-diff="node-changed" data-node={c.id}>
            {nodeButton(c.id, c.after.op, <Pencil size={13} className="diff-icon-changed" aria-hidden="true" />)}
            <FieldChanges
              changes={[
                ...(c.op ? [{ path: 'op', kind: 'changed' as const, before: c.op.before, after: c.op.after }] : []),
                ...(c.label ? [{ path: 'label', kind: 'changed' as const, before: c.label.before, after: c.label.after }] : []),
                ...c.config.map((f) => ({ ...f, path: f.path === '' ? 'config' : `config.${f.path}` })),
              ]}
            />
          </li>
        ))}
      </Group>
      <Group title="Edges added" count={diff.edgesAdded.length}>
        {diff.edgesAdded.map((e) => (
          <li key={edgeKey(e)} data-diff="edge-added" className="diff-edge">
            <Plus size={13} className="diff-icon-added" aria-hidden="true" /> <code>{edgeKey(e)}</code>
          </li>
        ))}
      </Group>
      <Group title="Edges removed" count={diff.edgesRemoved.length}>
        {diff.edgesRemoved.map((e) => (
          <li key={edgeKey(e)} data-diff="edge-removed" className="diff-edge">
            <Minus size={13} className="diff-icon-removed" aria-hidden="true" /> <code>{edgeKey(e)}</code>
          </li>
        ))}
      </Group>
      <Group title="Workflow" count={diff.meta.length}>
        <li>
          <FieldChanges changes={diff.meta} />
        </li>
      </Group>
      {total > 0 && diff.nodesMoved.length > 0 ? (
        <p className="muted small">
          Also moved: {diff.nodesMoved.length} node{diff.nodesMoved.length === 1 ? '' : 's'}.
        </p>
      ) : null}
    </section>
  );
}
