import { migrate, type Pool, statement } from '@pattern/postgres';
import type { Scope } from '../../tokens/scopes.ts';
import { type StoredToken, type TokenStore, tokenMeta } from '../../tokens/token-store.ts';

interface Row {
  id: string;
  name: string;
  scopes: Scope[];
  hash: string;
  created_at: Date;
  expires_at: Date | null;
  last_used_at: Date | null;
}

const COLUMNS = 'id, name, scopes, hash, created_at, expires_at, last_used_at';
const SQL = {
  list: statement(`SELECT ${COLUMNS} FROM api_tokens ORDER BY created_at DESC, id DESC`),
  byHash: statement(`SELECT ${COLUMNS} FROM api_tokens WHERE hash = $1`),
  insert: statement('INSERT INTO api_tokens (id, name, scopes, hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)'),
  delete: statement('DELETE FROM api_tokens WHERE id = $1'),
  // One statement for a batch of uses; a later use never moves the time back.
  touch: statement(`UPDATE api_tokens AS t SET last_used_at = u.at
    FROM unnest($1::text[], $2::timestamptz[]) AS u(id, at)
    WHERE t.id = u.id AND (t.last_used_at IS NULL OR t.last_used_at < u.at)`),
};

/** API tokens in PostgreSQL: every server on the database checks the same ones, so a revoke holds on all at once. */
export async function createPostgresTokenStore(pool: Pool): Promise<TokenStore> {
  await migrate(pool, 'api_tokens', [
    `CREATE TABLE IF NOT EXISTS api_tokens (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      scopes JSONB NOT NULL,
      hash TEXT NOT NULL UNIQUE,
      created_at TIMESTAMPTZ NOT NULL,
      expires_at TIMESTAMPTZ,
      last_used_at TIMESTAMPTZ
    )`,
  ]);
  return {
    async list() {
      const { rows } = await pool.query<Row>(SQL.list());
      return rows.map((row) => tokenMeta(fromRow(row)));
    },
    async insert(token) {
      await pool.query(SQL.insert([token.id, token.name, JSON.stringify(token.scopes), token.hash, token.createdAt, token.expiresAt]));
    },
    async findByHash(hash) {
      const { rows } = await pool.query<Row>(SQL.byHash([hash]));
      return rows[0] ? fromRow(rows[0]) : undefined;
    },
    async delete(id) {
      const { rowCount } = await pool.query(SQL.delete([id]));
      return (rowCount ?? 0) > 0;
    },
    async touch(uses) {
      if (uses.length === 0) return;
      await pool.query(SQL.touch([uses.map((u) => u.id), uses.map((u) => u.at)]));
    },
  };
}

function fromRow(row: Row): StoredToken {
  return {
    id: row.id,
    name: row.name,
    scopes: row.scopes,
    hash: row.hash,
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at?.toISOString() ?? null,
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
  };
}
