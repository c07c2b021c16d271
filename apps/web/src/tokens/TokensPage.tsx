import { ShieldCheck, Trash2 } from 'lucide-react';
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
import { TokenDialog } from './TokenDialog.tsx';
import { type Scope, type TokenListing, tokenEndpoints } from './token-endpoints.ts';
import './tokens.css';

/** API tokens for scripts and agents: each allowed only its scopes, shown once, revocable. */
export function TokensPage() {
  const { items: tokens, error, refresh, change } = useList(tokenEndpoints.list);
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<TokenListing | undefined>();

  const create = async (name: string, scopes: Scope[], expiresAt: string | null) => {
    const made = await tokenEndpoints.create(name, scopes, expiresAt);
    await refresh();
    return made.token;
  };

  const revoke = async (token: TokenListing) => {
    setRevoking(undefined);
    await change(() => tokenEndpoints.revoke(token.id));
  };

  const newButton = <NewButton label="New token" onClick={() => setCreating(true)} />;

  return (
    <div className="list-page tokens-page">
      <PageHeader title="Tokens" actions={newButton}>
        For scripts, CI and agents: each token may do only what its scopes allow. Send it as <code>Authorization: Bearer pat_…</code>
      </PageHeader>
      <ErrorBanner error={error} />
      {tokens === undefined && !error ? <p className="muted">Loading…</p> : null}
      {tokens?.length === 0 ? (
        <EmptyState icon={ShieldCheck} title="No tokens yet" action={newButton}>
          Create one for each script or agent, with the fewest scopes it needs.
        </EmptyState>
      ) : null}
      {tokens && tokens.length > 0 ? (
        <table className="table">
          <TableHead columns={['Name', 'Scopes', 'Last used', 'Expires', 'Created']} actions />
          <tbody>
            {tokens.map((token) => {
              const expired = token.expiresAt !== null && Date.parse(token.expiresAt) <= Date.now();
              return (
                <tr key={token.id}>
                  <td>
                    <span className="token-name">
                      <ShieldCheck size={14} aria-hidden="true" />
                      {token.name}
                    </span>
                  </td>
                  <td>
                    <span className="token-chips">
                      {token.scopes.map((scope) => (
                        <code key={scope} className={scope === 'admin' ? 'token-chip is-admin' : 'token-chip'}>
                          {scope}
                        </code>
                      ))}
                    </span>
                  </td>
                  <td className="muted">{token.lastUsedAt ? formatWhen(token.lastUsedAt) : 'never'}</td>
                  <td className={expired ? 'token-expired' : 'muted'}>
                    {token.expiresAt === null ? 'never' : expired ? 'expired' : new Date(token.expiresAt).toLocaleDateString()}
                  </td>
                  <td className="muted">{formatWhen(token.createdAt)}</td>
                  <td className="row-actions">
                    <IconButton icon={Trash2} label={`Revoke ${token.name}`} title="Revoke" onClick={() => setRevoking(token)} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      {creating ? <TokenDialog onCreate={create} onClose={() => setCreating(false)} /> : null}
      {revoking ? (
        <ConfirmDialog
          title={`Revoke “${revoking.name}”?`}
          confirmLabel="Revoke"
          danger
          onConfirm={() => void revoke(revoking)}
          onCancel={() => setRevoking(undefined)}
        >
          <p>Every request that sends it is refused from now on, on every server. This cannot be undone.</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
