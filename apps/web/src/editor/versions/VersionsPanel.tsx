import { useReactFlow } from '@xyflow/react';
import { CircleCheck, Eye, GitCompare, RotateCcw, ShieldAlert, Trash2, Upload } from 'lucide-react';
import { useEffect, useId, useState } from 'react';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import { formatWhen } from '../../ui/format.ts';
import { useEditor } from '../editor-store.ts';
import { DiffList } from './DiffList.tsx';
import { type Side, useVersions } from './version-store.ts';
import './versions.css';

function parseSide(value: string): Side {
  return value === 'draft' ? 'draft' : Number(value);
}

/** Publish, compare, open, roll back and forward, delete: the published versions of this workflow. */
export function VersionsPanel() {
  const flow = useReactFlow();
  const list = useVersions((s) => s.list);
  const error = useVersions((s) => s.error);
  const busy = useVersions((s) => s.busy);
  const view = useVersions((s) => s.view);
  const viewing = view.kind !== 'draft';
  const stash = useVersions((s) => s.stash);
  const editorDirty = useEditor((s) => s.dirty);
  const editorReadOnly = useEditor((s) => s.readOnly);
  // While a version is on the canvas, the draft's state is the one kept aside.
  const dirty = stash ? stash.dirty : editorDirty;
  const modOwned = stash ? stash.readOnly : editorReadOnly;
  const noteId = useId();
  const fromId = useId();
  const toId = useId();
  const [note, setNote] = useState('');
  // A publish message describes the list it came with; any later change of the list retires it.
  const [message, setMessage] = useState<{ text: string; list: unknown } | undefined>();
  const [from, setFrom] = useState<Side | undefined>();
  const [to, setTo] = useState<Side>('draft');
  const [deleting, setDeleting] = useState<number | undefined>();

  // Versions may have changed elsewhere (another tab, an install): refreshed whenever the panel opens.
  useEffect(() => {
    const { workflowId } = useVersions.getState();
    if (workflowId) void useVersions.getState().load(workflowId);
  }, []);

  const versions = list?.versions ?? [];
  const active = list?.activeVersion ?? null;
  const newestFirst = [...versions].reverse();
  const fromSide: Side = from ?? active ?? versions[versions.length - 1]?.version ?? 'draft';
  const fit = () => requestAnimationFrame(() => void flow.fitView({ padding: 0.2, maxZoom: 1, duration: 200 }));

  const publish = async () => {
    try {
      const text = await useVersions.getState().publish(note.trim());
      setMessage({ text, list: useVersions.getState().list });
      setNote('');
    } catch {
      setMessage(undefined);
    }
  };

  const compare = async (a: Side, b: Side) => {
    setFrom(a);
    setTo(b);
    await useVersions.getState().compare(a, b);
    fit();
  };

  const sides: Side[] = [...newestFirst.map((v) => v.version), 'draft'];

  return (
    <div className="versions-panel">
      <section className="inspector-section" aria-label="Publish">
        <h3>Publish</h3>
        <p className="small" data-testid="active-version">
          {active === null ? (
            'Never published: routes and triggers run the saved draft.'
          ) : (
            <>
              Routes and triggers run <strong>version {active}</strong>.
            </>
          )}
        </p>
        <form
          className="publish-form"
          onSubmit={(e) => {
            e.preventDefault();
            void publish();
          }}
        >
          <label htmlFor={noteId} className="visually-hidden">
            Version note
          </label>
          <input
            id={noteId}
            className="version-note-input"
            value={note}
            maxLength={2000}
            placeholder="What changed (optional)"
            onChange={(e) => setNote(e.target.value)}
            disabled={modOwned || viewing}
          />
          <button type="submit" className="button primary" disabled={busy || modOwned || dirty || viewing}>
            <Upload size={14} aria-hidden="true" /> Publish
          </button>
        </form>
        {modOwned ? <p className="muted small">Workflows shipped by a mod are versioned with the mod.</p> : null}
        {dirty && !modOwned ? <p className="muted small">Save first: publishing freezes the saved draft.</p> : null}
        {message && message.list === list ? (
          <p className="small version-message" role="status">
            {message.text}
          </p>
        ) : null}
      </section>
      {error ? (
        <div className="run-error version-error" role="alert">
          {error}
        </div>
      ) : null}
      {versions.length > 0 ? (
        <section className="inspector-section" aria-label="Compare">
          <h3>Compare</h3>
          <div className="compare-form">
            <label htmlFor={fromId}>From</label>
            <select id={fromId} value={String(fromSide)} onChange={(e) => setFrom(parseSide(e.target.value))}>
              {sides.map((side) => (
                <option key={side} value={String(side)}>
                  {side === 'draft' ? 'Draft' : `Version ${side}`}
                </option>
              ))}
            </select>
            <label htmlFor={toId}>To</label>
            <select id={toId} value={String(to)} onChange={(e) => setTo(parseSide(e.target.value))}>
              {sides.map((side) => (
                <option key={side} value={String(side)}>
                  {side === 'draft' ? 'Draft' : `Version ${side}`}
                </option>
              ))}
            </select>
            <button type="button" className="button" onClick={() => void compare(fromSide, to)}>
              <GitCompare size={14} aria-hidden="true" /> Show changes
            </button>
          </div>
        </section>
      ) : null}
      {view.kind === 'diff' ? <DiffList from={view.from} to={view.to} diff={view.diff} /> : null}
      <section className="inspector-section" aria-label="Versions">
        <h3>Versions</h3>
        {list === undefined && !error ? <p className="muted small">Loading…</p> : null}
        {list && versions.length === 0 ? <p className="muted small">No versions yet. Publish to freeze the saved draft as version 1.</p> : null}
        <ul className="version-list">
          {newestFirst.map((v) => {
            const shown = view.kind === 'version' && view.version === v.version;
            const direction = active === null || v.version < active ? 'Roll back' : 'Roll forward';
            return (
              <li
                key={v.version}
                className={['version-item', v.active ? 'is-active' : '', shown ? 'is-shown' : ''].filter(Boolean).join(' ')}
                data-version={v.version}
              >
                <div className="version-head">
                  <strong>v{v.version}</strong>
                  {v.active ? (
                    <span className="status-badge status-ok">
                      <CircleCheck size={12} aria-hidden="true" /> Active
                    </span>
                  ) : null}
                  <span className="muted small" title={new Date(v.createdAt).toLocaleString()}>
                    {formatWhen(v.createdAt)}
                  </span>
                  <code className="muted small version-hash" title={`SHA-256 ${v.hash}`}>
                    {v.hash.slice(0, 8)}
                  </code>
                </div>
                <p className={v.note ? 'version-note' : 'version-note muted'}>{v.note || 'No note'}</p>
                {v.intact ? null : (
                  <p className="field-problem version-tampered">
                    <ShieldAlert size={13} aria-hidden="true" /> Its content no longer matches its hash: it is refused and never runs.
                  </p>
                )}
                <div className="version-actions">
                  <button
                    type="button"
                    className="link-button"
                    aria-label={`Open version ${v.version}`}
                    disabled={!v.intact}
                    onClick={async () => {
                      await useVersions.getState().open(v.version);
                      fit();
                    }}
                  >
                    <Eye size={13} aria-hidden="true" /> Open
                  </button>
                  <button
                    type="button"
                    className="link-button"
                    aria-label={`Compare version ${v.version} with the draft`}
                    disabled={!v.intact}
                    onClick={() => void compare(v.version, 'draft')}
                  >
                    <GitCompare size={13} aria-hidden="true" /> Diff
                  </button>
                  {v.active || modOwned ? null : (
                    <button
                      type="button"
                      className="link-button"
                      aria-label={`${direction} to version ${v.version}`}
                      disabled={busy || !v.intact}
                      onClick={() =>
                        void useVersions
                          .getState()
                          .activate(v.version)
                          .catch(() => undefined)
                      }
                    >
                      <RotateCcw size={13} aria-hidden="true" /> {direction}
                    </button>
                  )}
                  {v.active || modOwned ? null : (
                    <button
                      type="button"
                      className="icon-button version-delete"
                      aria-label={`Delete version ${v.version}`}
                      disabled={busy}
                      onClick={() => setDeleting(v.version)}
                    >
                      <Trash2 size={14} aria-hidden="true" />
                    </button>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      </section>
      {list && list.activations.length > 0 ? (
        <section className="inspector-section" aria-label="Activations">
          <details>
            <summary className="section-label">Activation history</summary>
            <ol className="activation-list">
              {[...list.activations].reverse().map((a) => (
                <li key={`${a.at}:${a.version}`} className="small">
                  {a.previous === null ? 'none' : `v${a.previous}`} → {a.version === null ? 'none' : `v${a.version}`}{' '}
                  <span className="muted">{formatWhen(a.at)}</span>
                </li>
              ))}
            </ol>
          </details>
        </section>
      ) : null}
      {deleting !== undefined ? (
        <ConfirmDialog
          title={`Delete version ${deleting}?`}
          confirmLabel="Delete"
          danger
          onConfirm={() => {
            const version = deleting;
            setDeleting(undefined);
            void useVersions
              .getState()
              .remove(version)
              .catch(() => undefined);
          }}
          onCancel={() => setDeleting(undefined)}
        >
          <p>Version {deleting} and its note are removed for good. The active version and the draft stay as they are.</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
