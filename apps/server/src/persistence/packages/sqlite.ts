import type Database from 'better-sqlite3';
import type { StoredPackage } from '../../packages/package-schema.ts';
import type { PackageStore } from '../../packages/package-store.ts';

interface Row {
  body: string;
  hash: string;
  created_at: string;
  updated_at: string;
}

export function createSqlitePackageStore(db: Database.Database): PackageStore {
  db.exec(`CREATE TABLE IF NOT EXISTS packages (
    id TEXT NOT NULL,
    version TEXT NOT NULL,
    body TEXT NOT NULL,
    hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (id, version)
  )`);
  const select = 'SELECT body, hash, created_at, updated_at FROM packages';
  const one = db.prepare<[string, string], Row>(`${select} WHERE id = ? AND version = ?`);
  const byId = db.prepare<[string], Row>(`${select} WHERE id = ?`);
  const all = db.prepare<[], Row>(select);
  const upsert = db.prepare<[string, string, string, string, string, string], { created_at: string; updated_at: string }>(
    `INSERT INTO packages (id, version, body, hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (id, version) DO UPDATE SET body = excluded.body, hash = excluded.hash, updated_at = excluded.updated_at
     RETURNING created_at, updated_at`,
  );
  const remove = db.prepare<[string, string]>('DELETE FROM packages WHERE id = ? AND version = ?');
  const put = db.transaction((pkg: StoredPackage) => {
    const replaced = one.get(pkg.manifest.id, pkg.manifest.version) !== undefined;
    const { hash, createdAt, updatedAt, ...body } = pkg;
    const times = upsert.get(pkg.manifest.id, pkg.manifest.version, JSON.stringify(body), hash, createdAt, updatedAt);
    return { replaced, stored: { ...pkg, createdAt: times?.created_at ?? createdAt } };
  });
  const fromRow = (row: Row): StoredPackage => ({ ...JSON.parse(row.body), hash: row.hash, createdAt: row.created_at, updatedAt: row.updated_at });
  return {
    async put(pkg) {
      return put(pkg);
    },
    async get(id, version) {
      const row = one.get(id, version);
      return row ? fromRow(row) : undefined;
    },
    async versions(id) {
      return byId.all(id).map(fromRow);
    },
    async all() {
      return all.all().map(fromRow);
    },
    async delete(id, version) {
      return remove.run(id, version).changes > 0;
    },
  };
}
