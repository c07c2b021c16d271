import type Database from 'better-sqlite3';
import type { Scope } from '../../tokens/scopes.ts';
import { type StoredToken, type TokenStore, tokenMeta } from '../../tokens/token-store.ts';

interface Row {
  id: string;
  name: string;
  scopes: string;
  hash: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
}

const COLUMNS = 'id, name, scopes, hash, created_at, expires_at, last_used_at';

/** API tokens in the server's SQLite file, by the hash of their text. */
export function createSqliteTokenStore(db: Database.Database): TokenStore {
  db.exec(`CREATE TABLE IF NOT EXISTS api_tokens (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    scopes TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    expires_at TEXT,
    last_used_at TEXT
  )`);
  const all = db.prepare<[], Row>(`SELECT ${COLUMNS} FROM api_tokens ORDER BY created_at DESC, id DESC`);
  const byHash = db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM api_tokens WHERE hash = ?`);
  const insert = db.prepare<[string, string, string, string, string, string | null]>(
    'INSERT INTO api_tokens (id, name, scopes, hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const remove = db.prepare<[string]>('DELETE FROM api_tokens WHERE id = ?');
  const touchOne = db.prepare<[string, string]>('UPDATE api_tokens SET last_used_at = ? WHERE id = ?');
  const touch = db.transaction((uses: ReadonlyArray<{ id: string; at: string }>) => {
    for (const { id, at } of uses) touchOne.run(at, id);
  });
  return {
    async list() {
      return all.all().map((row) => tokenMeta(fromRow(row)));
    },
    async insert(token) {
      insert.run(token.id, token.name, JSON.stringify(token.scopes), token.hash, token.createdAt, token.expiresAt);
    },
    async findByHash(hash) {
      const row = byHash.get(hash);
      return row ? fromRow(row) : undefined;
    },
    async delete(id) {
      return remove.run(id).changes > 0;
    },
    async touch(uses) {
      touch(uses);
    },
  };
}

function fromRow(row: Row): StoredToken {
  return {
    id: row.id,
    name: row.name,
    scopes: JSON.parse(row.scopes) as Scope[],
    hash: row.hash,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
  };
}
