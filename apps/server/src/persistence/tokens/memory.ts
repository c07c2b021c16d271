import type { StoredToken, TokenStore } from '../../tokens/token-store.ts';
import { tokenMeta } from '../../tokens/token-store.ts';

/** Tokens in memory, for tests and `storage: "memory"`. */
export function createMemoryTokenStore(): TokenStore {
  const tokens = new Map<string, StoredToken>();
  return {
    async list() {
      return [...tokens.values()].map(tokenMeta).sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
    },
    async insert(token) {
      tokens.set(token.id, { ...token });
    },
    async findByHash(hash) {
      for (const token of tokens.values()) if (token.hash === hash) return { ...token };
      return undefined;
    },
    async delete(id) {
      return tokens.delete(id);
    },
    async touch(uses) {
      for (const { id, at } of uses) {
        const token = tokens.get(id);
        if (token) token.lastUsedAt = at;
      }
    },
  };
}
