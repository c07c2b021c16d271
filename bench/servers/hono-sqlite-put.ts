// The baseline of the store.put route: a Hono route doing the same write with raw better-sqlite3
// prepared statements on the store's own schema (read the version, upsert, answer the document).
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { openSqlite } from '@pattern/sqlite';
import { Hono } from 'hono';

const db = openSqlite(join(process.env.BENCH_DIR ?? '.', 'store.db'), { cacheKiB: 32_000 });
db.exec(`CREATE TABLE IF NOT EXISTS store_docs (
  collection TEXT NOT NULL, id TEXT NOT NULL, data TEXT NOT NULL, version INTEGER NOT NULL,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (collection, id))`);
const getDoc = db.prepare<[string, string], { version: number; created_at: string }>(
  'SELECT version, created_at FROM store_docs WHERE collection = ? AND id = ?',
);
const upsert = db.prepare(
  `INSERT INTO store_docs (collection, id, data, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
   ON CONFLICT (collection, id) DO UPDATE SET data = excluded.data, version = excluded.version, updated_at = excluded.updated_at`,
);
const put = db.transaction((id: string, data: unknown) => {
  const row = getDoc.get('bench', id);
  const now = new Date().toISOString();
  const version = (row?.version ?? 0) + 1;
  const text = JSON.stringify(data);
  upsert.run('bench', id, text, version, row?.created_at ?? now, now);
  return { id, data: JSON.parse(text), version, createdAt: row?.created_at ?? now, updatedAt: now };
});

const app = new Hono().post('/put/:id', async (c) => c.json(put.immediate(c.req.param('id'), await c.req.json())));
const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => {
  process.stderr.write(`listening ${info.port}\n`);
});
process.on('SIGTERM', () => {
  server.close();
  db.close();
  process.exit(0);
});
