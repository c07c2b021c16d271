import { Plus, ShieldCheck, Trash2 } from 'lucide-react';
import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../api/client.ts';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import { formatWhen } from '../ui/format.ts';
import { TokenDialog } from './TokenDialog.tsx';
import { type Scope, type TokenListing, tokenEndpoints } from './token-endpoints.ts';
import './tokens.css';

/** API tokens for scripts and agents: each allowed only its scopes, shown once, revocable. */
export function TokensPage() {
  const [tokens, setTokens] = useState<TokenListing[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<TokenListing | undefined>();

  const refresh = useCallback(async () => {
    try {
      setTokens(await tokenEndpoints.list());
      setError(undefined);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, []);

  useEffect(() => void refresh(), [refresh]);

  const create = async (name: string, scopes: Scope[], expiresAt: string | null) => {
    const made = await tokenEndpoints.create(name, scopes, expiresAt);
    await refresh();
    return made.token;
  };

  const revoke = async (token: TokenListing) => {
    setRevoking(undefined);
    try {
      await tokenEndpoints.revoke(token.id);
      await refresh();
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const newButton = (
    <button type="button" className="button primary" onClick={() => setCreating(true)}>
      <Plus size={14} aria-hidden="true" /> New token
    </button>
  );

  return (
    <div className="list-page tokens-page">
      <header className="page-header">
        <div>
          <h1>Tokens</h1>
          <p className="muted">
            For scripts, CI and agents: each token may do only what its scopes allow. Send it as <code>Authorization: Bearer pat_…</code>
          </p>
        </div>
        <div className="page-actions">{newButton}</div>
      </header>
      {error ? (
        <div className="banner banner-error" role="alert">
          {error}
        </div>
      ) : null}
      {tokens === undefined && !error ? <p className="muted">Loading…</p> : null}
      {tokens?.length === 0 ? (
        <div className="empty-state">
          <ShieldCheck size={32} aria-hidden="true" />
          <h2>No tokens yet</h2>
          <p className="muted">Create one for each script or agent, with the fewest scopes it needs.</p>
          {newButton}
        </div>
      ) : null}
      {tokens && tokens.length > 0 ? (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Scopes</th>
              <th scope="col">Last used</th>
              <th scope="col">Expires</th>
              <th scope="col">Created</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
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
                    <button
                      type="button"
                      className="icon-button"
                      aria-label={`Revoke ${token.name}`}
                      title="Revoke"
                      onClick={() => setRevoking(token)}
                    >
                      <Trash2 size={16} aria-hidden="true" />
                    </button>
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
