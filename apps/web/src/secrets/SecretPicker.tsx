import { KeyRound, X } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api/client.ts';
import { secretEndpoints } from './secret-endpoints.ts';
import './secrets.css';

interface SecretFieldProps {
  id: string;
  name: string;
  /** The secret the field uses now. */
  secret: string;
  disabled?: boolean | undefined;
  describedBy: string;
  onChange(value: unknown): void;
}

/** A string field that uses a secret: which one, chosen from the names the server has; the value itself never comes here. */
export function SecretField({ id, name, secret, disabled, describedBy, onChange }: SecretFieldProps) {
  const [names, setNames] = useState<string[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    secretEndpoints
      .list()
      .then((list) => setNames(list.map((s) => s.name)))
      .catch((e: unknown) => setError(errorMessage(e)));
  }, []);
  const options = names && !names.includes(secret) ? [secret, ...names] : (names ?? [secret]);
  return (
    <div className="secret-field">
      <KeyRound size={14} aria-hidden="true" className="secret-field-icon" />
      <select
        id={id}
        name={name}
        disabled={disabled}
        aria-describedby={describedBy}
        value={secret}
        onChange={(e) => onChange({ $secret: e.target.value })}
        title={error}
      >
        {options.map((option) => (
          <option key={option} value={option}>
            {option}
            {names && !names.includes(option) ? ' (missing)' : ''}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="icon-button"
        disabled={disabled}
        aria-label={`Type ${name} instead of using a secret`}
        title="Type a value instead"
        onClick={() => onChange(undefined)}
      >
        <X size={14} aria-hidden="true" />
      </button>
    </div>
  );
}

interface UseSecretProps {
  name: string;
  disabled?: boolean | undefined;
  onChange(value: unknown): void;
}

/** The small "use a secret" affordance beside a string field. */
export function UseSecretButton({ name, disabled, onChange }: UseSecretProps) {
  const [open, setOpen] = useState(false);
  const [names, setNames] = useState<string[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (event: Event) => {
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);
  useEffect(() => {
    if (!open || names) return;
    secretEndpoints
      .list()
      .then((list) => setNames(list.map((s) => s.name)))
      .catch((e: unknown) => setError(errorMessage(e)));
  }, [open, names]);
  return (
    <div className="use-secret" ref={root}>
      <button
        type="button"
        className="use-secret-toggle"
        disabled={disabled}
        aria-expanded={open}
        aria-label={`Use a secret for ${name}`}
        title="Use a secret"
        onClick={() => setOpen((on) => !on)}
      >
        <KeyRound size={13} aria-hidden="true" />
      </button>
      {open ? (
        <div className="use-secret-menu" role="menu" aria-label="Secrets">
          {error ? <p className="field-problem">{error}</p> : null}
          {names === undefined && !error ? <p className="muted small">Loading…</p> : null}
          {names?.length === 0 ? (
            <p className="muted small">
              No secrets yet.{' '}
              <a href="/secrets" target="_blank" rel="noreferrer">
                Add one
              </a>
            </p>
          ) : null}
          {names?.map((secret) => (
            <button
              key={secret}
              type="button"
              role="menuitem"
              className="use-secret-item"
              onClick={() => {
                setOpen(false);
                onChange({ $secret: secret });
              }}
            >
              <KeyRound size={13} aria-hidden="true" />
              {secret}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}
