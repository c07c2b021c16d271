import type { SecretMeta } from './secret-schemas.ts';

/** A secret as stored: its value only as ciphertext (see cipher.ts). */
export interface StoredSecret {
  name: string;
  ciphertext: string;
  createdAt: string;
  updatedAt: string;
}

/** What of a secret leaves the store, and the API: all but its ciphertext. */
export type { SecretMeta };

/** Named secrets, encrypted; the stores are in persistence/secrets/. */
export interface SecretStore {
  list(): Promise<SecretMeta[]>;
  get(name: string): Promise<StoredSecret | undefined>;
  /** Inserts or replaces; says whether it created the secret. */
  put(name: string, ciphertext: string): Promise<{ created: boolean; meta: SecretMeta }>;
  delete(name: string): Promise<boolean>;
  /** The value that proves which key the secrets were stored with: stored once, by the first server. */
  keyCheck(candidate: string): Promise<string>;
  /** Tells of changes made elsewhere (another server on the same database); returns the unsubscribe. */
  onChange(listener: () => void): () => void;
  close(): Promise<void>;
}
