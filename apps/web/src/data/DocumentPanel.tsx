import { Check, Copy, Pencil, Trash2, X } from 'lucide-react';
import { useEffect, useId, useState } from 'react';
import { ApiError, errorMessage } from '../api/client.ts';
import { type Doc, storeApi } from '../api/store.ts';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import { ConflictDialog } from './ConflictDialog.tsx';
import { formatJson, parseDocData } from './json-text.ts';

interface DocumentPanelProps {
  collection: string;
  /** The document shown; null to create one. */
  id: string | null;
  onSaved(doc: Doc): void;
  onDeleted(): void;
  onClose(): void;
}

function CopyButton({ text }: { text: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="button small-button"
      onClick={() =>
        void navigator.clipboard.writeText(text).then(() => {
          setCopied(true);
          setTimeout(() => setCopied(false), 1500);
        })
      }
    >
      {copied ? <Check size={14} aria-hidden="true" /> : <Copy size={14} aria-hidden="true" />}
      {copied ? 'Copied' : 'Copy'}
    </button>
  );
}

/** One document: read it, edit it as JSON, save it only if nobody wrote it meanwhile, or delete it. */
export function DocumentPanel({ collection, id, onSaved, onDeleted, onClose }: DocumentPanelProps) {
  const [doc, setDoc] = useState<Doc | undefined>();
  const [text, setText] = useState<string | undefined>(id === null ? '{\n  \n}' : undefined);
  const [newId, setNewId] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [conflict, setConflict] = useState<{ theirs: Doc | null; mine: Record<string, unknown> } | undefined>();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const editorId = useId();
  const idFieldId = useId();

  useEffect(() => {
    if (id === null) return;
    setDoc(undefined);
    setText(undefined);
    setError(undefined);
    storeApi.doc(collection, id).then(setDoc, (e) => setError(errorMessage(e)));
  }, [collection, id]);

  const parsed = text === undefined ? undefined : parseDocData(text);
  const creating = id === null;

  /** Saves `data` expecting `version` (0: the document must not exist); a lost race opens the conflict view. */
  const save = async (data: Record<string, unknown>, version: number) => {
    setBusy(true);
    setError(undefined);
    try {
      // Without an id of the user's own, the store assigns one: a ULID, like every id it makes.
      const saved =
        creating && newId.trim() === ''
          ? await storeApi.create(collection, data)
          : await storeApi.put(collection, creating ? newId.trim() : (id as string), data, version);
      setConflict(undefined);
      setDoc(saved);
      setText(undefined);
      onSaved(saved);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'conflict') {
        const current = (e.details as { current?: Doc | null } | null)?.current ?? null;
        if (creating && current) setError(`A document with id "${newId.trim()}" already exists`);
        else setConflict({ theirs: current, mine: data });
      } else {
        setError(errorMessage(e));
      }
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!doc) return;
    setConfirmDelete(false);
    try {
      await storeApi.remove(collection, doc.id, doc.version);
      onDeleted();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'conflict')
        setError('Someone changed this document meanwhile; it was not deleted. Reload it and try again.');
      else setError(errorMessage(e));
    }
  };

  return (
    <aside className="card doc-panel" aria-label={creating ? 'New document' : `Document ${id}`}>
      <header className="doc-panel-header">
        <div className="doc-panel-title">
          <h2>{creating ? 'New document' : <code>{id}</code>}</h2>
          {doc ? (
            <span className="muted small">
              version {doc.version} · updated {new Date(doc.updatedAt).toLocaleString()}
            </span>
          ) : null}
        </div>
        <button type="button" className="icon-button" onClick={onClose} aria-label="Close the document">
          <X size={16} aria-hidden="true" />
        </button>
      </header>
      {error ? (
        <div className="banner banner-error" role="alert">
          {error}
        </div>
      ) : null}
      {text === undefined && doc ? (
        <>
          <div className="doc-actions">
            <button type="button" className="button" onClick={() => setText(formatJson(doc.data))}>
              <Pencil size={14} aria-hidden="true" />
              Edit
            </button>
            <CopyButton text={formatJson(doc.data)} />
            <button type="button" className="button" onClick={() => setConfirmDelete(true)}>
              <Trash2 size={14} aria-hidden="true" />
              Delete
            </button>
          </div>
          <pre className="json-view" data-testid="doc-json">
            {formatJson(doc.data)}
          </pre>
        </>
      ) : null}
      {text !== undefined ? (
        <div className="doc-editor">
          {creating ? (
            <div className="field">
              <label htmlFor={idFieldId}>Id</label>
              <input id={idFieldId} value={newId} placeholder="Leave empty for a sortable id (ULID)" onChange={(e) => setNewId(e.target.value)} />
            </div>
          ) : null}
          <div className={parsed?.ok === false ? 'field has-problem' : 'field'}>
            <label htmlFor={editorId}>Document (JSON)</label>
            <textarea
              id={editorId}
              className="json-editor"
              rows={16}
              value={text}
              spellCheck={false}
              onChange={(e) => setText(e.target.value)}
              aria-invalid={parsed?.ok === false}
            />
            {parsed?.ok === false ? <span className="field-problem">{parsed.error}</span> : null}
          </div>
          <div className="doc-actions">
            <button
              type="button"
              className="button primary"
              disabled={busy || !parsed?.ok}
              onClick={() => parsed?.ok && void save(parsed.data, creating ? 0 : (doc?.version ?? 0))}
            >
              {creating ? 'Create' : 'Save'}
            </button>
            <button type="button" className="button" onClick={() => (creating ? onClose() : setText(undefined))}>
              Cancel
            </button>
          </div>
        </div>
      ) : null}
      {!doc && !creating && !error ? <p className="muted">Loading…</p> : null}
      {conflict ? (
        <ConflictDialog
          theirs={conflict.theirs}
          mine={conflict.mine}
          onCancel={() => setConflict(undefined)}
          onKeepTheirs={() => {
            if (conflict.theirs) {
              setDoc(conflict.theirs);
              onSaved(conflict.theirs);
            }
            setText(undefined);
            setConflict(undefined);
          }}
          onSave={(data) => void save(data, conflict.theirs?.version ?? 0)}
        />
      ) : null}
      {confirmDelete && doc ? (
        <ConfirmDialog
          title="Delete this document?"
          confirmLabel="Delete"
          danger
          onConfirm={() => void remove()}
          onCancel={() => setConfirmDelete(false)}
        >
          <p>
            <code>{doc.id}</code> will be removed from <code>{collection}</code>. This cannot be undone.
          </p>
        </ConfirmDialog>
      ) : null}
    </aside>
  );
}
