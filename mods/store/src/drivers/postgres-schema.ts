/**
 * Ids, names and string index values compare byte by byte (`COLLATE "C"`), as in SQLite, whatever
 * the database's locale: cursors and id order must not change with the server's language settings.
 */
export const POSTGRES_SCHEMA = [
  `CREATE TABLE IF NOT EXISTS store_collections (name TEXT COLLATE "C" PRIMARY KEY, indexes JSONB NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS store_docs (
    collection TEXT COLLATE "C" NOT NULL, id TEXT COLLATE "C" NOT NULL, data JSON NOT NULL, version INTEGER NOT NULL,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (collection, id))`,
  // A typed value is (kind, num, str): numbers and booleans in num, strings in str, the other column constant.
  `CREATE TABLE IF NOT EXISTS store_entries (
    collection TEXT COLLATE "C" NOT NULL, field TEXT COLLATE "C" NOT NULL, kind SMALLINT NOT NULL,
    num DOUBLE PRECISION NOT NULL, str TEXT COLLATE "C" NOT NULL, doc_id TEXT COLLATE "C" NOT NULL, sort BOOLEAN NOT NULL,
    PRIMARY KEY (collection, field, kind, num, str, doc_id))`,
  'CREATE INDEX IF NOT EXISTS store_entries_doc ON store_entries (collection, doc_id)',
  `CREATE TABLE IF NOT EXISTS store_blobs (
    id TEXT COLLATE "C" PRIMARY KEY, mime TEXT NOT NULL, size BIGINT NOT NULL, sha256 TEXT NOT NULL, owner_id TEXT, created_at TEXT NOT NULL)`,
  // Blobs made before they had file names keep none.
  'ALTER TABLE store_blobs ADD COLUMN IF NOT EXISTS filename TEXT',
  `CREATE TABLE IF NOT EXISTS store_blob_chunks (
    blob_id TEXT COLLATE "C" NOT NULL, seq INTEGER NOT NULL, bytes BYTEA NOT NULL, written_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (blob_id, seq))`,
  'CREATE TABLE IF NOT EXISTS store_leases (key TEXT PRIMARY KEY, owner TEXT, token BIGINT NOT NULL, expires_at BIGINT NOT NULL, run_id TEXT)',
  'CREATE INDEX IF NOT EXISTS store_leases_run ON store_leases (run_id) WHERE run_id IS NOT NULL',
  'CREATE INDEX IF NOT EXISTS store_leases_owner ON store_leases (owner) WHERE owner IS NOT NULL',
];
