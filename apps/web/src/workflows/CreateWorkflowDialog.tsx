import { useEffect, useId, useRef, useState } from 'react';
import { ID_PATTERN, slugify } from './workflow-id.ts';

interface Props {
  taken: ReadonlySet<string>;
  /** A name to start from (a template's). */
  initialName?: string | undefined;
  onCreate(id: string, name: string): Promise<void>;
  onCancel(): void;
}

export function CreateWorkflowDialog({ taken, initialName, onCreate, onCancel }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const nameId = useId();
  const idId = useId();
  const [name, setName] = useState(initialName ?? '');
  const [id, setId] = useState('');
  const [idTouched, setIdTouched] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const effectiveId = idTouched ? id : slugify(name);
  const idProblem =
    effectiveId === ''
      ? undefined
      : !ID_PATTERN.test(effectiveId)
        ? 'Use letters, digits and . _ : - (not first)'
        : taken.has(effectiveId)
          ? 'A workflow with this id exists'
          : undefined;

  useEffect(() => {
    if (dialog.current && !dialog.current.open) dialog.current.showModal();
  }, []);

  const submit = async () => {
    if (!name.trim() || idProblem || !effectiveId) return;
    setBusy(true);
    try {
      await onCreate(effectiveId, name.trim());
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  };

  return (
    <dialog ref={dialog} className="dialog" aria-labelledby="create-title" onCancel={onCancel} onClose={onCancel}>
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <h2 id="create-title">New workflow</h2>
        <div className="field">
          <label htmlFor={nameId}>
            <span className="field-name">Name</span>
          </label>
          <input id={nameId} value={name} onChange={(e) => setName(e.target.value)} placeholder="Place an order" required />
        </div>
        <div className={idProblem ? 'field has-problem' : 'field'}>
          <label htmlFor={idId}>
            <span className="field-name">Id</span>
            <span className="field-type">used in URLs and runs</span>
          </label>
          <input
            id={idId}
            value={effectiveId}
            onChange={(e) => {
              setIdTouched(true);
              setId(e.target.value);
            }}
            aria-invalid={idProblem ? true : undefined}
          />
          {idProblem ? <div className="field-problem">{idProblem}</div> : null}
        </div>
        {error ? <p className="field-problem">{error}</p> : null}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={busy || !name.trim() || Boolean(idProblem)}>
            Create
          </button>
        </div>
      </form>
    </dialog>
  );
}
