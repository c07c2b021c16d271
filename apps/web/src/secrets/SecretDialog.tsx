import { Eye, EyeOff } from 'lucide-react';
import { useId, useState } from 'react';
import { FormDialog } from '../ui/FormDialog.tsx';
import { FormField } from '../ui/FormField.tsx';
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
  const nameId = useId();
  const valueId = useId();
  const [name, setName] = useState(replacing ?? '');
  const [value, setValue] = useState('');
  const [shown, setShown] = useState(false);

  const nameProblem =
    replacing || name === ''
      ? undefined
      : !SECRET_NAME.test(name)
        ? 'Start with a letter or _, then letters, digits, _ . or - (128 at most)'
        : taken.has(name)
          ? 'A secret with this name exists; replace it from the list'
          : undefined;
  const valueProblem = new TextEncoder().encode(value).length > MAX_SECRET_BYTES ? 'At most 64 KiB' : undefined;

  return (
    <FormDialog
      title={replacing ? `Replace “${replacing}”` : 'New secret'}
      className="secret-dialog"
      submitLabel={replacing ? 'Replace' : 'Add secret'}
      ready={Boolean(name) && !nameProblem && Boolean(value) && !valueProblem}
      onSubmit={() => onSave(name, value)}
      onCancel={onCancel}
    >
      {replacing ? null : (
        <FormField id={nameId} label="Name" hint="how workflows refer to it" problem={nameProblem}>
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
        </FormField>
      )}
      <FormField id={valueId} label="Value" hint="encrypted at rest, never shown again" problem={valueProblem}>
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
      </FormField>
    </FormDialog>
  );
}
