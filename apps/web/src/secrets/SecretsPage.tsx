import { Copy, KeyRound, RefreshCw, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import { EmptyState } from '../ui/EmptyState.tsx';
import { ErrorBanner } from '../ui/ErrorBanner.tsx';
import { formatWhen } from '../ui/format.ts';
import { IconButton } from '../ui/IconButton.tsx';
import { NewButton } from '../ui/NewButton.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { TableHead } from '../ui/TableHead.tsx';
import { useList } from '../ui/use-list.ts';
import { SecretDialog } from './SecretDialog.tsx';
import { type SecretListing, secretEndpoints } from './secret-endpoints.ts';
import './secrets.css';

/** The admin's secrets: added and replaced here, used by name in node configs, never shown again. */
export function SecretsPage() {
  const { items: secrets, error, refresh, change } = useList(secretEndpoints.list);
  const [editing, setEditing] = useState<{ replacing?: string } | undefined>();
  const [deleting, setDeleting] = useState<SecretListing | undefined>();
  const [copied, setCopied] = useState<string | undefined>();

  const save = async (name: string, value: string) => {
    await secretEndpoints.put(name, value);
    setEditing(undefined);
    await refresh();
  };

  const remove = async (secret: SecretListing) => {
    setDeleting(undefined);
    await change(() => secretEndpoints.remove(secret.name));
  };

  const copyRef = async (name: string) => {
    await navigator.clipboard?.writeText(JSON.stringify({ $secret: name }));
    setCopied(name);
  };

  const newButton = <NewButton label="New secret" onClick={() => setEditing({})} />;

  return (
    <div className="list-page secrets-page">
      <PageHeader title="Secrets" actions={newButton}>
        API keys and passwords, encrypted at rest. Nodes use them by name; run history, logs and events show <code>[redacted]</code> instead.
      </PageHeader>
      <ErrorBanner error={error} />
      {secrets === undefined && !error ? <p className="muted">Loading…</p> : null}
      {secrets?.length === 0 ? (
        <EmptyState icon={KeyRound} title="No secrets yet" action={newButton}>
          Add an API key here, then pick it in a node’s field with <strong>Use a secret</strong>.
        </EmptyState>
      ) : null}
      {secrets && secrets.length > 0 ? (
        <table className="table">
          <TableHead columns={['Name', 'In a node’s config', 'Value', 'Updated', 'Created']} actions />
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
                  <IconButton
                    icon={RefreshCw}
                    label={`Replace ${secret.name}`}
                    title="Replace the value"
                    onClick={() => setEditing({ replacing: secret.name })}
                  />
                  <IconButton icon={Trash2} label={`Delete ${secret.name}`} title="Delete" onClick={() => setDeleting(secret)} />
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
