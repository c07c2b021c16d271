import { listen, migrate, type Pool, statement } from '@pattern/postgres';
import type { SecretMeta, SecretStore, StoredSecret } from '../../secrets/secret-store.ts';

interface Row {
  name: string;
  ciphertext: string;
  created_at: Date;
  updated_at: Date;
  created?: boolean;
}

/** Every server on the database hears of a change, so each knows which names exist. */
const CHANNEL = 'pattern_secrets';
const COLUMNS = 'name, ciphertext, created_at, updated_at';
const SQL = {
  list: statement(`SELECT ${COLUMNS} FROM secrets ORDER BY name`),
  get: statement(`SELECT ${COLUMNS} FROM secrets WHERE name = $1`),
  // xmax is zero on a row the upsert inserted.
  put: statement(`INSERT INTO secrets (name, ciphertext, created_at, updated_at) VALUES ($1, $2, now(), now())
    ON CONFLICT (name) DO UPDATE SET ciphertext = excluded.ciphertext, updated_at = now()
    RETURNING ${COLUMNS}, (xmax = 0) AS created`),
  delete: statement('DELETE FROM secrets WHERE name = $1'),
  insertCheck: statement('INSERT INTO secret_key_check (id, value) VALUES (1, $1) ON CONFLICT (id) DO NOTHING'),
  readCheck: statement('SELECT value FROM secret_key_check WHERE id = 1'),
  notify: statement(`SELECT pg_notify('${CHANNEL}', '')`),
};

/** Secrets in PostgreSQL, as ciphertext: every server on the database reads them with the same key. */
export async function createPostgresSecretStore(pool: Pool): Promise<SecretStore> {
  await migrate(pool, 'secrets', [
    `CREATE TABLE IF NOT EXISTS secrets (
      name TEXT PRIMARY KEY,
      ciphertext TEXT NOT NULL,
      created_at TIMESTAMPTZ NOT NULL,
      updated_at TIMESTAMPTZ NOT NULL
    )`,
    'CREATE TABLE IF NOT EXISTS secret_key_check (id INTEGER PRIMARY KEY CHECK (id = 1), value TEXT NOT NULL)',
  ]);
  const listeners = new Set<() => void>();
  const tell = () => {
    for (const listener of listeners) listener();
  };
  const listener = listen(pool, CHANNEL, tell, { onReconnect: tell });
  await listener.listening();
  const fromRow = (row: Row): StoredSecret => ({
    name: row.name,
    ciphertext: row.ciphertext,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  });
  const meta = ({ ciphertext: _ciphertext, ...rest }: StoredSecret): SecretMeta => rest;
  return {
    async list() {
      const { rows } = await pool.query<Row>(SQL.list());
      return rows.map((row) => meta(fromRow(row)));
    },
    async get(name) {
      const { rows } = await pool.query<Row>(SQL.get([name]));
      return rows[0] ? fromRow(rows[0]) : undefined;
    },
    async put(name, ciphertext) {
      const { rows } = await pool.query<Row>(SQL.put([name, ciphertext]));
      await pool.query(SQL.notify());
      const row = rows[0] as Row;
      return { created: row.created === true, meta: meta(fromRow(row)) };
    },
    async delete(name) {
      const { rowCount } = await pool.query(SQL.delete([name]));
      await pool.query(SQL.notify());
      return (rowCount ?? 0) > 0;
    },
    async keyCheck(candidate) {
      await pool.query(SQL.insertCheck([candidate]));
      const { rows } = await pool.query<{ value: string }>(SQL.readCheck());
      return (rows[0] as { value: string }).value;
    },
    onChange(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    close: () => listener.close(),
  };
}
