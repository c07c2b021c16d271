import { Copy, KeyRound, Plus, RefreshCw, Trash2 } from 'lucide-react';
import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../api/client.ts';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import { formatWhen } from '../ui/format.ts';
import { SecretDialog } from './SecretDialog.tsx';
import { type SecretListing, secretEndpoints } from './secret-endpoints.ts';
import './secrets.css';

/** The admin's secrets: added and replaced here, used by name in node configs, never shown again. */
export function SecretsPage() {
  const [secrets, setSecrets] = useState<SecretListing[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [editing, setEditing] = useState<{ replacing?: string } | undefined>();
  const [deleting, setDeleting] = useState<SecretListing | undefined>();
  const [copied, setCopied] = useState<string | undefined>();

  const refresh = useCallback(async () => {
    try {
      setSecrets(await secretEndpoints.list());
      setError(undefined);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, []);

  useEffect(() => void refresh(), [refresh]);

  const save = async (name: string, value: string) => {
    await secretEndpoints.put(name, value);
    setEditing(undefined);
    await refresh();
  };

  const remove = async (secret: SecretListing) => {
    setDeleting(undefined);
    try {
      await secretEndpoints.remove(secret.name);
      await refresh();
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const copyRef = async (name: string) => {
    await navigator.clipboard?.writeText(JSON.stringify({ $secret: name }));
    setCopied(name);
  };

  return (
    <div className="list-page secrets-page">
      <header className="page-header">
        <div>
          <h1>Secrets</h1>
          <p className="muted">
            API keys and passwords, encrypted at rest. Nodes use them by name; run history, logs and events show <code>[redacted]</code> instead.
          </p>
        </div>
        <div className="page-actions">
          <button type="button" className="button primary" onClick={() => setEditing({})}>
            <Plus size={14} aria-hidden="true" /> New secret
          </button>
        </div>
      </header>
      {error ? (
        <div className="banner banner-error" role="alert">
          {error}
        </div>
      ) : null}
      {secrets === undefined && !error ? <p className="muted">Loading…</p> : null}
      {secrets?.length === 0 ? (
        <div className="empty-state">
          <KeyRound size={32} aria-hidden="true" />
          <h2>No secrets yet</h2>
          <p className="muted">
            Add an API key here, then pick it in a node’s field with <strong>Use a secret</strong>.
          </p>
          <button type="button" className="button primary" onClick={() => setEditing({})}>
            <Plus size={14} aria-hidden="true" /> New secret
          </button>
        </div>
      ) : null}
      {secrets && secrets.length > 0 ? (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">In a node’s config</th>
              <th scope="col">Value</th>
              <th scope="col">Updated</th>
              <th scope="col">Created</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {secrets.map((secret) => (
              <tr key={secret.name}>
                <td>
                  <span className="secret-name">
                    <KeyRound size={14} aria-hidden="true" />
                    {secret.name}
                  </span>
                </td>
                <td>
                  <button
                    type="button"
                    className="secret-ref"
                    onClick={() => void copyRef(secret.name)}
                    title="Copy the reference"
                    aria-label={`Copy the reference to ${secret.name}`}
                  >
                    <code>{`{ "$secret": "${secret.name}" }`}</code>
                    <Copy size={13} aria-hidden="true" />
                    {copied === secret.name ? <span className="secret-copied">copied</span> : null}
                  </button>
                </td>
                <td>
                  <span className="secret-mask" aria-hidden="true">
                    ••••••••
                  </span>
                  <span className="visually-hidden">hidden</span>
                </td>
                <td className="muted">{formatWhen(secret.updatedAt)}</td>
                <td className="muted">{formatWhen(secret.createdAt)}</td>
                <td className="row-actions">
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Replace ${secret.name}`}
                    title="Replace the value"
                    onClick={() => setEditing({ replacing: secret.name })}
                  >
                    <RefreshCw size={16} aria-hidden="true" />
                  </button>
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Delete ${secret.name}`}
                    title="Delete"
                    onClick={() => setDeleting(secret)}
                  >
                    <Trash2 size={16} aria-hidden="true" />
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {editing ? (
        <SecretDialog
          replacing={editing.replacing}
          taken={new Set(secrets?.map((s) => s.name))}
          onSave={save}
          onCancel={() => setEditing(undefined)}
        />
      ) : null}
      {deleting ? (
        <ConfirmDialog
          title={`Delete “${deleting.name}”?`}
          confirmLabel="Delete"
          danger
          onConfirm={() => void remove(deleting)}
          onCancel={() => setDeleting(undefined)}
        >
          <p>Workflows that use it can no longer be saved, and their runs fail at the node that needs it until you add it again.</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
