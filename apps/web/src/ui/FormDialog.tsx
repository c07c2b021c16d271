import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { errorMessage } from '../api/client.ts';

interface FormDialogProps {
  title: string;
  /** A class beside `dialog`, for the form's own styles. */
  className?: string;
  submitLabel: string;
  /** Whether what is typed may be sent: the submit button is disabled until it is. */
  ready: boolean;
  /** Sends what was typed; what it throws is shown in the dialog, which stays open to try again. */
  onSubmit(): Promise<void>;
  onCancel(): void;
  /** The form's fields. */
  children: ReactNode;
}

/** A modal form on the native `<dialog>` (focus trapped, Escape cancels): its title, its fields, what went wrong, Cancel and submit. */
export function FormDialog({ title, className, submitLabel, ready, onSubmit, onCancel, children }: FormDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (dialog.current && !dialog.current.open) dialog.current.showModal();
  }, []);

  const submit = async () => {
    if (!ready) return;
    setBusy(true);
    try {
      await onSubmit();
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };

  return (
    <dialog ref={dialog} className={className ? `dialog ${className}` : 'dialog'} aria-labelledby={titleId} onCancel={onCancel} onClose={onCancel}>
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <h2 id={titleId}>{title}</h2>
        {children}
        {error ? <p className="field-problem">{error}</p> : null}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={busy || !ready}>
            {submitLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
