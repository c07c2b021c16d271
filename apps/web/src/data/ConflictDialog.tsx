import { useEffect, useId, useRef, useState } from 'react';
import type { Doc } from '../api/store.ts';
import { formatJson, parseDocData } from './json-text.ts';

interface ConflictDialogProps {
  /** What is stored now; null when it was deleted meanwhile. */
  theirs: Doc | null;
  mine: Record<string, unknown>;
  onKeepTheirs(): void;
  /** Saves `data` over what is stored, expecting the version the conflict showed. */
  onSave(data: Record<string, unknown>): void;
  onCancel(): void;
}

/** Someone wrote the document while it was being edited: both versions side by side, and the choice of what to keep. */
export function ConflictDialog({ theirs, mine, onKeepTheirs, onSave, onCancel }: ConflictDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [merging, setMerging] = useState<string | undefined>();
  const mergeId = useId();
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);
  const merged = merging === undefined ? undefined : parseDocData(merging);
  return (
    <dialog ref={dialog} className="dialog conflict-dialog" aria-labelledby="conflict-title" onCancel={onCancel} onClose={onCancel}>
      <h2 id="conflict-title">Someone else changed this document</h2>
      <p className="muted">
        {theirs
          ? `It is at version ${theirs.version} now (changed ${new Date(theirs.updatedAt).toLocaleTimeString()}). Choose what to keep.`
          : 'It was deleted while you edited it. Saving creates it again with your version.'}
      </p>
      <div className="conflict-sides">
        <section aria-label="Their version">
          <h3>Theirs {theirs ? <span className="muted">v{theirs.version}</span> : null}</h3>
          <pre className="json-view" data-testid="conflict-theirs">
            {theirs ? formatJson(theirs.data) : 'deleted'}
          </pre>
        </section>
        <section aria-label="Your version">
          <h3>Yours</h3>
          <pre className="json-view" data-testid="conflict-mine">
            {formatJson(mine)}
          </pre>
        </section>
      </div>
      {merging !== undefined ? (
        <div className="field merge-field">
          <label htmlFor={mergeId}>Merged document</label>
          <textarea id={mergeId} rows={10} value={merging} onChange={(e) => setMerging(e.target.value)} spellCheck={false} />
          {merged && !merged.ok ? (
            <span className="field-problem" role="alert">
              {merged.error}
            </span>
          ) : null}
        </div>
      ) : null}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onCancel}>
          Keep editing
        </button>
        {theirs ? (
          <button type="button" className="button" onClick={onKeepTheirs}>
            Keep theirs
          </button>
        ) : null}
        {merging === undefined ? (
          <button type="button" className="button" onClick={() => setMerging(formatJson({ ...(theirs?.data ?? {}), ...mine }))}>
            Merge by hand
          </button>
        ) : (
          <button type="button" className="button primary" disabled={!merged?.ok} onClick={() => merged?.ok && onSave(merged.data)}>
            Save merged
          </button>
        )}
        <button type="button" className="button danger" onClick={() => onSave(mine)}>
          Overwrite with mine
        </button>
      </div>
    </dialog>
  );
}
