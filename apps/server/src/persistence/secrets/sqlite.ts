import type Database from 'better-sqlite3';
import type { SecretMeta, SecretStore, StoredSecret } from '../../secrets/secret-store.ts';

interface Row {
  name: string;
  ciphertext: string;
  created_at: string;
  updated_at: string;
}

/** Secrets in the server's SQLite file, as ciphertext; the key check value in a row of its own table. */
export function createSqliteSecretStore(db: Database.Database): SecretStore {
  db.exec(`CREATE TABLE IF NOT EXISTS secrets (
    name TEXT PRIMARY KEY,
    ciphertext TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS secret_key_check (id INTEGER PRIMARY KEY CHECK (id = 1), value TEXT NOT NULL)`);
  const all = db.prepare<[], Row>('SELECT name, ciphertext, created_at, updated_at FROM secrets ORDER BY name');
  const one = db.prepare<[string], Row>('SELECT name, ciphertext, created_at, updated_at FROM secrets WHERE name = ?');
  const upsert = db.prepare<[string, string, string, string], Row>(
    `INSERT INTO secrets (name, ciphertext, created_at, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET ciphertext = excluded.ciphertext, updated_at = excluded.updated_at
     RETURNING name, ciphertext, created_at, updated_at`,
  );
  const remove = db.prepare<[string]>('DELETE FROM secrets WHERE name = ?');
  const insertCheck = db.prepare<[string]>('INSERT INTO secret_key_check (id, value) VALUES (1, ?) ON CONFLICT (id) DO NOTHING');
  const readCheck = db.prepare<[], { value: string }>('SELECT value FROM secret_key_check WHERE id = 1');
  const put = db.transaction((name: string, ciphertext: string) => {
    const created = one.get(name) === undefined;
    const now = new Date().toISOString();
    return { created, row: upsert.get(name, ciphertext, now, now) as Row };
  });
  const fromRow = (row: Row): StoredSecret => ({ name: row.name, ciphertext: row.ciphertext, createdAt: row.created_at, updatedAt: row.updated_at });
  const meta = ({ ciphertext: _ciphertext, ...rest }: StoredSecret): SecretMeta => rest;
  return {
    async list() {
      return all.all().map((row) => meta(fromRow(row)));
    },
    async get(name) {
      const row = one.get(name);
      return row ? fromRow(row) : undefined;
    },
    async put(name, ciphertext) {
      const { created, row } = put(name, ciphertext);
      return { created, meta: meta(fromRow(row)) };
    },
    async delete(name) {
      return remove.run(name).changes > 0;
    },
    async keyCheck(candidate) {
      insertCheck.run(candidate);
      return (readCheck.get() as { value: string }).value;
    },
    onChange: () => () => {},
    async close() {},
  };
}
