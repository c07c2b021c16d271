import type { SecretMeta, SecretStore, StoredSecret } from '../../secrets/secret-store.ts';

/** Secrets in memory, for tests and `storage: "memory"`: gone with the process, as their key is. */
export function createMemorySecretStore(): SecretStore {
  const secrets = new Map<string, StoredSecret>();
  let check: string | undefined;
  const meta = ({ ciphertext: _ciphertext, ...rest }: StoredSecret): SecretMeta => rest;
  return {
    async list() {
      return [...secrets.values()].map(meta).sort((a, b) => a.name.localeCompare(b.name));
    },
    async get(name) {
      return secrets.get(name);
    },
    async put(name, ciphertext) {
      const previous = secrets.get(name);
      const now = new Date().toISOString();
      const stored = { name, ciphertext, createdAt: previous?.createdAt ?? now, updatedAt: now };
      secrets.set(name, stored);
      return { created: previous === undefined, meta: meta(stored) };
    },
    async delete(name) {
      return secrets.delete(name);
    },
    async keyCheck(candidate) {
      check ??= candidate;
      return check;
    },
    onChange: () => () => {},
    async close() {},
  };
}
