import type Database from 'better-sqlite3';

/** The event store's tables in its SQLite file; every statement is idempotent, run at each open. */
export const SQLITE_SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  aggregate_type TEXT NOT NULL,
  aggregate_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  type TEXT NOT NULL,
  tags TEXT,
  payload TEXT NOT NULL,
  metadata TEXT NOT NULL,
  schema_version INTEGER NOT NULL,
  created TEXT NOT NULL,
  correlation_id TEXT,
  UNIQUE (aggregate_type, aggregate_id, version)
);
CREATE INDEX IF NOT EXISTS events_by_type ON events (type, position);
CREATE INDEX IF NOT EXISTS events_by_aggregate_type ON events (aggregate_type, position);
CREATE TABLE IF NOT EXISTS streams (
  stream_key TEXT PRIMARY KEY,
  aggregate_type TEXT NOT NULL,
  aggregate_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  last_event_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS tags (
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (name, value, position)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS tag_index (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  position INTEGER NOT NULL
);
INSERT OR IGNORE INTO tag_index (id, position) VALUES (1, 0);
CREATE TABLE IF NOT EXISTS snapshots (
  stream_key TEXT PRIMARY KEY,
  aggregate_type TEXT NOT NULL,
  aggregate_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  aggregate_version INTEGER NOT NULL,
  state TEXT NOT NULL,
  created TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS checkpoints (
  name TEXT PRIMARY KEY,
  position INTEGER NOT NULL,
  version INTEGER NOT NULL,
  updated TEXT NOT NULL,
  pause TEXT
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS parked (
  id TEXT PRIMARY KEY,
  consumer TEXT NOT NULL,
  event_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  attempts INTEGER NOT NULL,
  error TEXT NOT NULL,
  parked_at TEXT NOT NULL
) WITHOUT ROWID;
`;

/**
 * The tag under which an event's correlation id is indexed, with the tags of its payload. Payload
 * tags are fields ending in `Id` or `_id`, so none can be named this.
 */
export const CORRELATION_TAG = '$correlation';

/** Brings a file made by an earlier version up to the tables above. */
export function migrateSqlite(db: Database.Database): void {
  db.exec(SQLITE_SCHEMA);
  // Correlation ids had an index of their own, written in every append; they are tags now, indexed
  // in batches. The events already in the tag index get their correlation tag here, the rest with
  // the next batch.
  const ownIndex = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'events_by_correlation'").get();
  if (ownIndex) {
    db.transaction(() => {
      db.prepare(
        `INSERT OR IGNORE INTO tags (name, value, position)
         SELECT ?, correlation_id, position FROM events
         WHERE correlation_id IS NOT NULL AND position <= (SELECT position FROM tag_index WHERE id = 1)`,
      ).run(CORRELATION_TAG);
      db.exec('DROP INDEX IF EXISTS events_by_correlation');
    }).immediate();
  }
  const columns = db.prepare<[], { name: string }>('PRAGMA table_info(checkpoints)').all();
  // Checkpoints written before consumers could be paused.
  if (!columns.some((c) => c.name === 'pause')) db.exec('ALTER TABLE checkpoints ADD COLUMN pause TEXT');
}
