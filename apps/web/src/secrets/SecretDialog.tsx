import { Eye, EyeOff } from 'lucide-react';
import { useEffect, useId, useRef, useState } from 'react';
import { errorMessage } from '../api/client.ts';
import { MAX_SECRET_BYTES, SECRET_NAME } from './secret-endpoints.ts';

interface Props {
  /** Replacing: the name is fixed. Adding: the names already taken. */
  replacing?: string | undefined;
  taken: ReadonlySet<string>;
  onSave(name: string, value: string): Promise<void>;
  onCancel(): void;
}

/** Adds a secret or replaces its value. The value is typed here and sent once; it is never read back. */
export function SecretDialog({ replacing, taken, onSave, onCancel }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const nameId = useId();
  const valueId = useId();
  const [name, setName] = useState(replacing ?? '');
  const [value, setValue] = useState('');
  const [shown, setShown] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (dialog.current && !dialog.current.open) dialog.current.showModal();
  }, []);

  const nameProblem =
    replacing || name === ''
      ? undefined
      : !SECRET_NAME.test(name)
        ? 'Start with a letter or _, then letters, digits, _ . or - (128 at most)'
        : taken.has(name)
          ? 'A secret with this name exists; replace it from the list'
          : undefined;
  const valueProblem = new TextEncoder().encode(value).length > MAX_SECRET_BYTES ? 'At most 64 KiB' : undefined;

  const submit = async () => {
    if (!name || nameProblem || !value || valueProblem) return;
    setBusy(true);
    try {
      await onSave(name, value);
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };

  return (
    <dialog ref={dialog} className="dialog secret-dialog" aria-labelledby="secret-dialog-title" onCancel={onCancel} onClose={onCancel}>
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <h2 id="secret-dialog-title">{replacing ? `Replace “${replacing}”` : 'New secret'}</h2>
        {replacing ? null : (
          <div className={nameProblem ? 'field has-problem' : 'field'}>
            <label htmlFor={nameId}>
              <span className="field-name">Name</span>
              <span className="field-type">how workflows refer to it</span>
            </label>
            <input
              id={nameId}
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder="stripe_key"
              autoComplete="off"
              spellCheck={false}
              aria-invalid={nameProblem ? true : undefined}
              required
            />
            {nameProblem ? <div className="field-problem">{nameProblem}</div> : null}
          </div>
        )}
        <div className={valueProblem ? 'field has-problem' : 'field'}>
          <label htmlFor={valueId}>
            <span className="field-name">Value</span>
            <span className="field-type">encrypted at rest, never shown again</span>
          </label>
          <div className="secret-value-input">
            <input
              id={valueId}
              type={shown ? 'text' : 'password'}
              value={value}
              onChange={(e) => setValue(e.target.value)}
              autoComplete="new-password"
              spellCheck={false}
              aria-invalid={valueProblem ? true : undefined}
              required
            />
            <button
              type="button"
              className="icon-button"
              aria-label={shown ? 'Hide the value' : 'Show the value'}
              aria-pressed={shown}
              onClick={() => setShown((on) => !on)}
            >
              {shown ? <EyeOff size={16} aria-hidden="true" /> : <Eye size={16} aria-hidden="true" />}
            </button>
          </div>
          {valueProblem ? <div className="field-problem">{valueProblem}</div> : null}
        </div>
        {error ? <p className="field-problem">{error}</p> : null}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={busy || !name || Boolean(nameProblem) || !value || Boolean(valueProblem)}>
            {replacing ? 'Replace' : 'Add secret'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
