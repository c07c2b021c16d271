import type { Scope } from './scopes.ts';
import type { TokenMeta } from './token-schemas.ts';

/** A token as stored: only the SHA-256 of its text, never the text. */
export interface StoredToken {
  id: string;
  name: string;
  scopes: Scope[];
  hash: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

/** What of a token leaves the store, and the API: all but its hash. */
export type { TokenMeta };

/** The server's API tokens; the stores are in persistence/tokens/. */
export interface TokenStore {
  list(): Promise<TokenMeta[]>;
  insert(token: StoredToken): Promise<void>;
  findByHash(hash: string): Promise<StoredToken | undefined>;
  delete(id: string): Promise<boolean>;
  /** Records when tokens were last used, several at once. */
  touch(uses: ReadonlyArray<{ id: string; at: string }>): Promise<void>;
}

export function tokenMeta({ hash: _hash, ...meta }: StoredToken): TokenMeta {
  return meta;
}
