import { createHash, randomBytes } from 'node:crypto';
import type { Logger } from '@pattern/core';
import { ulid } from 'ulid';
import type { Grant, Scope } from './scopes.ts';
import { type StoredToken, type TokenMeta, type TokenStore, tokenMeta } from './token-store.ts';

export const TOKEN_PREFIX = 'pat_';
/** A token's last use is written at most this often, so a busy token costs no write per request. */
const TOUCH_EVERY_MS = 60_000;
/** How long uses wait to be written together. */
const FLUSH_AFTER_MS = 5_000;

export interface TokensOptions {
  log: Logger;
  now?: () => number;
}

export function hashToken(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Scoped API tokens: minted once (the text is shown then and only its hash kept), checked on
 * every request against the store (so a revoke holds at once, on every server of a database), and
 * their last use written in batches.
 */
export class Tokens {
  private readonly store: TokenStore;
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly lastTouched = new Map<string, number>();
  private readonly pending = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(store: TokenStore, options: TokensOptions) {
    this.store = store;
    this.log = options.log;
    this.now = options.now ?? Date.now;
  }

  async mint(name: string, scopes: Scope[], expiresAt: string | null): Promise<{ token: string; meta: TokenMeta }> {
    const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const stored: StoredToken = {
      id: ulid(),
      name,
      scopes: [...new Set(scopes)],
      hash: hashToken(token),
      createdAt: new Date(this.now()).toISOString(),
      expiresAt,
      lastUsedAt: null,
    };
    await this.store.insert(stored);
    return { token, meta: tokenMeta(stored) };
  }

  async list(): Promise<TokenMeta[]> {
    const tokens = await this.store.list();
    return tokens.map((token) => ({ ...token, lastUsedAt: this.pending.get(token.id) ?? token.lastUsedAt }));
  }

  async revoke(id: string): Promise<boolean> {
    this.pending.delete(id);
    this.lastTouched.delete(id);
    return this.store.delete(id);
  }

  /** The grant of a token's text, or undefined when no live token has it (unknown, revoked, expired). */
  async authenticate(text: string): Promise<Grant | undefined> {
    if (!text.startsWith(TOKEN_PREFIX)) return undefined;
    const token = await this.store.findByHash(hashToken(text));
    const now = this.now();
    if (!token || (token.expiresAt !== null && Date.parse(token.expiresAt) <= now)) return undefined;
    this.used(token, now);
    return { kind: 'token', id: token.id, name: token.name, scopes: token.scopes };
  }

  /** Writes the uses not yet written. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.size === 0) return;
    const uses = [...this.pending].map(([id, at]) => ({ id, at }));
    this.pending.clear();
    await this.store.touch(uses);
  }

  async close(): Promise<void> {
    await this.flush();
  }

  private used(token: StoredToken, now: number): void {
    const last = this.lastTouched.get(token.id) ?? (token.lastUsedAt ? Date.parse(token.lastUsedAt) : 0);
    if (now - last < TOUCH_EVERY_MS) return;
    this.lastTouched.set(token.id, now);
    this.pending.set(token.id, new Date(now).toISOString());
    this.timer ??= setTimeout(() => {
      this.flush().catch((error: unknown) => this.log.warn('token last-use times were not written', { error: String(error) }));
    }, FLUSH_AFTER_MS).unref();
  }
}
