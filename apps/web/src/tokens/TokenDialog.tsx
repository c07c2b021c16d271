import { Check, Copy } from 'lucide-react';
import { useEffect, useId, useRef, useState } from 'react';
import { errorMessage } from '../api/client.ts';
import { EXPIRY_DAYS, expiryFrom, SCOPE_TEXT, SCOPES, type Scope } from './token-endpoints.ts';

interface Props {
  onCreate(name: string, scopes: Scope[], expiresAt: string | null): Promise<string>;
  onClose(): void;
}

/** Mints a token: a name, its scopes, an expiry; then shows its text, this once. */
export function TokenDialog({ onCreate, onClose }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const nameId = useId();
  const expiryId = useId();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Set<Scope>>(new Set());
  const [days, setDays] = useState<number | null>(90);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [minted, setMinted] = useState<string | undefined>();
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    if (dialog.current && !dialog.current.open) dialog.current.showModal();
  }, []);

  const toggle = (scope: Scope) =>
    setScopes((current) => {
      const next = new Set(current);
      if (next.has(scope)) next.delete(scope);
      else next.add(scope);
      return next;
    });

  const submit = async () => {
    if (!name.trim() || scopes.size === 0) return;
    setBusy(true);
    try {
      setMinted(
        await onCreate(
          name.trim(),
          SCOPES.filter((s) => scopes.has(s)),
          expiryFrom(days),
        ),
      );
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const copy = async () => {
    if (!minted) return;
    await navigator.clipboard?.writeText(minted);
    setCopied(true);
  };

  return (
    <dialog ref={dialog} className="dialog token-dialog" aria-labelledby="token-dialog-title" onCancel={onClose} onClose={onClose}>
      {minted ? (
        <div>
          <h2 id="token-dialog-title">Your new token</h2>
          <p className="muted">Copy it now: Pattern keeps only its hash and cannot show it again.</p>
          <div className="token-once">
            <code data-testid="minted-token">{minted}</code>
            <button type="button" className="button" onClick={() => void copy()}>
              {copied ? <Check size={14} aria-hidden="true" /> : <Copy size={14} aria-hidden="true" />} {copied ? 'Copied' : 'Copy'}
            </button>
          </div>
          <p className="muted token-usage">
            Send it as <code>Authorization: Bearer …</code>
          </p>
          <div className="dialog-actions">
            <button type="button" className="button primary" onClick={onClose}>
              Done
            </button>
          </div>
        </div>
      ) : (
        <form
          method="dialog"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <h2 id="token-dialog-title">New token</h2>
          <div className="field">
            <label htmlFor={nameId}>
              <span className="field-name">Name</span>
              <span className="field-type">who or what uses it</span>
            </label>
            <input
              id={nameId}
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder="deploy pipeline"
              autoComplete="off"
              maxLength={100}
              required
            />
          </div>
          <fieldset className="token-scopes">
            <legend className="field-name">Scopes</legend>
            {SCOPES.map((scope) => (
              <label key={scope} className={scopes.has(scope) ? 'token-scope is-on' : 'token-scope'}>
                <input type="checkbox" checked={scopes.has(scope)} onChange={() => toggle(scope)} />
                <code>{scope}</code>
                <span className="muted">{SCOPE_TEXT[scope]}</span>
              </label>
            ))}
          </fieldset>
          <div className="field">
            <label htmlFor={expiryId}>
              <span className="field-name">Expires</span>
            </label>
            <select id={expiryId} value={days ?? ''} onChange={(e) => setDays(e.target.value === '' ? null : Number(e.target.value))}>
              {EXPIRY_DAYS.map((d) => (
                <option key={d} value={d}>
                  in {d} days
                </option>
              ))}
              <option value="">never (until revoked)</option>
            </select>
          </div>
          {error ? <p className="field-problem">{error}</p> : null}
          <div className="dialog-actions">
            <button type="button" className="button" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="button primary" disabled={busy || !name.trim() || scopes.size === 0}>
              Create token
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
