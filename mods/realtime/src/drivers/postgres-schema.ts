/** Connections are rows only so that other servers can tell whether one is open and list them; rooms ride along. */
export const POSTGRES_SCHEMA = [
  'CREATE TABLE IF NOT EXISTS realtime_servers (id TEXT PRIMARY KEY, seen_at TIMESTAMPTZ NOT NULL)',
  `CREATE TABLE IF NOT EXISTS realtime_connections (
    id TEXT PRIMARY KEY,
    server TEXT NOT NULL REFERENCES realtime_servers (id) ON DELETE CASCADE,
    workflow_id TEXT NOT NULL,
    path TEXT NOT NULL,
    address TEXT NOT NULL,
    opened_at TIMESTAMPTZ NOT NULL,
    rooms TEXT[] NOT NULL DEFAULT '{}'
  )`,
  'CREATE INDEX IF NOT EXISTS realtime_connections_server ON realtime_connections (server)',
  'CREATE TABLE IF NOT EXISTS realtime_payloads (id BIGSERIAL PRIMARY KEY, body TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL DEFAULT now())',
];
