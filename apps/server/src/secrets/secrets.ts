import { randomBytes } from 'node:crypto';
import { type Logger, PatternError, parseInput, type SecretSource } from '@pattern/core';
import { createMemorySecretStore } from '../persistence/secrets/memory.ts';
import { SettingsError } from '../settings.ts';
import { decrypt, encrypt, KEY_BYTES, keyCheckValue, opensKeyCheck } from './cipher.ts';
import type { SecretKey } from './key.ts';
import { SecretNameSchema, SecretValueSchema } from './secret-schemas.ts';
import type { SecretMeta, SecretStore } from './secret-store.ts';

/**
 * The server's named secrets. Values are encrypted before they reach the store and decrypted
 * only in `reveal`, when a node that refers to one runs; nothing here hands a value to anyone
 * else. Names are kept in memory so that validating a workflow (synchronous) can ask `has`.
 */
export class Secrets implements SecretSource {
  private names = new Set<string>();
  private readonly unsubscribe: () => void;

  private constructor(
    private readonly store: SecretStore,
    private readonly key: SecretKey,
    private readonly log: Logger,
  ) {
    this.unsubscribe = store.onChange(() => {
      this.reload().catch((error: unknown) => this.log.warn('reloading secret names failed', { error: String(error) }));
    });
  }

  /** Opens the secrets, refusing to start when the key is not the one they were stored with. */
  static async open(store: SecretStore, key: SecretKey, log: Logger): Promise<Secrets> {
    const stored = await store.keyCheck(keyCheckValue(key.key));
    if (!opensKeyCheck(key.key, stored)) {
      throw new SettingsError(
        `The secret key from ${key.source} is not the key the stored secrets were encrypted with. Set PATTERN_SECRET_KEY to that key (every server on one database needs the same), or restore the key file from your backup.`,
      );
    }
    const secrets = new Secrets(store, key, log);
    await secrets.reload();
    return secrets;
  }

  /** Secrets that last as long as the process, under a key made for it: for an app built without a server (tests). */
  static inMemory(log: Logger): Secrets {
    return new Secrets(createMemorySecretStore(), { key: randomBytes(KEY_BYTES), source: 'memory' }, log);
  }

  has(name: string): boolean {
    return this.names.has(name);
  }

  async reveal(name: string): Promise<string | undefined> {
    const stored = await this.store.get(name);
    if (!stored) return undefined;
    const value = decrypt(this.key.key, name, stored.ciphertext);
    if (value === undefined) throw new PatternError('secret_unreadable', `Secret "${name}" does not open with this server's key`, { secret: name });
    return value;
  }

  list(): Promise<SecretMeta[]> {
    return this.store.list();
  }

  async put(name: string, value: string): Promise<{ created: boolean; meta: SecretMeta }> {
    const parsedName = parseInput(SecretNameSchema, name, 'name');
    const parsedValue = parseInput(SecretValueSchema, value, 'value');
    const result = await this.store.put(parsedName, encrypt(this.key.key, parsedName, parsedValue));
    this.names.add(parsedName);
    return result;
  }

  async delete(name: string): Promise<boolean> {
    const parsed = parseInput(SecretNameSchema, name, 'name');
    const deleted = await this.store.delete(parsed);
    this.names.delete(parsed);
    return deleted;
  }

  close(): void {
    this.unsubscribe();
  }

  private async reload(): Promise<void> {
    this.names = new Set((await this.store.list()).map((meta) => meta.name));
  }
}
