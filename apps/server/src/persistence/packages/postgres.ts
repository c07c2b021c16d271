import { migrate, type Pool, statement } from '@pattern/postgres';
import type { StoredPackage } from '../../packages/package-schema.ts';
import type { PackageStore } from '../../packages/package-store.ts';

interface Row {
  body: Omit<StoredPackage, 'hash' | 'createdAt' | 'updatedAt'>;
  hash: string;
  created_at: Date;
  updated_at: Date;
  replaced?: boolean;
}

const COLUMNS = 'body, hash, created_at, updated_at';
const SQL = {
  // xmax is non-zero on a row an upsert updated: one statement says whether it replaced.
  put: statement(`INSERT INTO packages (id, version, body, hash, created_at, updated_at) VALUES ($1, $2, $3, $4, now(), now())
    ON CONFLICT (id, version) DO UPDATE SET body = excluded.body, hash = excluded.hash, updated_at = now()
    RETURNING ${COLUMNS}, (xmax <> 0) AS replaced`),
  get: statement(`SELECT ${COLUMNS} FROM packages WHERE id = $1 AND version = $2`),
  versions: statement(`SELECT ${COLUMNS} FROM packages WHERE id = $1`),
  all: statement(`SELECT ${COLUMNS} FROM packages`),
  delete: statement('DELETE FROM packages WHERE id = $1 AND version = $2'),
};

export async function createPostgresPackageStore(pool: Pool): Promise<PackageStore> {
  await migrate(pool, 'packages', [
    `CREATE TABLE IF NOT EXISTS packages (
      id TEXT NOT NULL,
      version TEXT NOT NULL,
      body JSONB NOT NULL,
      hash TEXT NOT NULL,
      created_at TIMESTAMPTZ NOT NULL,
      updated_at TIMESTAMPTZ NOT NULL,
      PRIMARY KEY (id, version)
    )`,
  ]);
  const fromRow = (row: Row): StoredPackage => ({
    ...row.body,
    hash: row.hash,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  });
  return {
    async put(pkg) {
      const { hash, createdAt: _createdAt, updatedAt: _updatedAt, ...body } = pkg;
      const { rows } = await pool.query<Row>(SQL.put([pkg.manifest.id, pkg.manifest.version, JSON.stringify(body), hash]));
      const row = rows[0] as Row;
      return { replaced: row.replaced === true, stored: fromRow(row) };
    },
    async get(id, version) {
      const { rows } = await pool.query<Row>(SQL.get([id, version]));
      return rows[0] ? fromRow(rows[0]) : undefined;
    },
    async versions(id) {
      const { rows } = await pool.query<Row>(SQL.versions([id]));
      return rows.map(fromRow);
    },
    async all() {
      const { rows } = await pool.query<Row>(SQL.all());
      return rows.map(fromRow);
    },
    async delete(id, version) {
      const { rowCount } = await pool.query(SQL.delete([id, version]));
      return (rowCount ?? 0) > 0;
    },
  };
}
