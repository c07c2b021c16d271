import { statement } from '@pattern/postgres';
import type { Checkpoint } from './driver.ts';

export const EVENT_COLUMNS =
  'e.position, e.id, e.aggregate_type, e.aggregate_id, e.version, e.type, e.payload, e.metadata, e.schema_version, e.created';
/** Consumer claims are advisory locks keyed by schema and name, so stores in other schemas never share one. */
const CLAIM_KEY = "hashtextextended(current_schema() || ':pattern.events.consumer:' || $1, 0)";

/** Named statements: PostgreSQL parses and plans each once per connection, not once per call. */
export const statements = {
  head: statement('SELECT COALESCE(MAX(position), 0) AS head FROM events'),
  byIds: statement(`SELECT ${EVENT_COLUMNS} FROM events e WHERE e.id = ANY($1::text[])`),
  append:
    statement(`SELECT o_actual, o_first, o_kept FROM pattern_events_append($1::text[], $2::text[], $3::text[], $4::integer[], $5::text[], $6::text[],
       $7::jsonb[], $8::jsonb[], $9::integer[], $10::text[], $11::timestamptz[], $12::integer[], $13::text[], $14::text[], $15::text[])`),
  keptAppend: statement('SELECT aggregate_type, aggregate_id, first_version, last_version FROM event_results WHERE key = $1'),
  pruneResults: statement('DELETE FROM event_results WHERE created < $1'),
  streamVersion: statement('SELECT version FROM event_streams WHERE stream_key = $1'),
  streamForward: statement(
    `SELECT ${EVENT_COLUMNS} FROM events e WHERE e.aggregate_type = $1 AND e.aggregate_id = $2 AND e.version BETWEEN $3 AND $4 ORDER BY e.version LIMIT $5`,
  ),
  streamBackward: statement(
    `SELECT ${EVENT_COLUMNS} FROM events e WHERE e.aggregate_type = $1 AND e.aggregate_id = $2 AND e.version BETWEEN $3 AND $4 ORDER BY e.version DESC LIMIT $5`,
  ),
  streams: statement('SELECT * FROM event_streams WHERE stream_key > $1 AND stream_key >= $2 AND stream_key < $3 ORDER BY stream_key LIMIT $4'),
  getSnapshot: statement('SELECT version, aggregate_version, state, created FROM event_snapshots WHERE aggregate_type = $1 AND aggregate_id = $2'),
  saveSnapshot:
    statement(`INSERT INTO event_snapshots (aggregate_type, aggregate_id, version, aggregate_version, state, created) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (aggregate_type, aggregate_id) DO UPDATE SET version = excluded.version, aggregate_version = excluded.aggregate_version,
       state = excluded.state, created = excluded.created
     WHERE excluded.version > event_snapshots.version OR excluded.aggregate_version != event_snapshots.aggregate_version`),
  staleSnapshots: statement('SELECT aggregate_id FROM event_snapshots WHERE aggregate_type = $1 AND aggregate_version != $2'),
  deleteSnapshotsOfType: statement('DELETE FROM event_snapshots WHERE aggregate_type = $1'),
  deleteSnapshot: statement('DELETE FROM event_snapshots WHERE aggregate_type = $1 AND aggregate_id = $2'),
  getCheckpoint: statement('SELECT name, position, version, updated, pause FROM event_checkpoints WHERE name = $1'),
  setPause: statement('UPDATE event_checkpoints SET pause = $1::jsonb WHERE name = $2'),
  setCheckpoint: statement(`INSERT INTO event_checkpoints (name, position, version, updated) VALUES ($1, $2, $3, $4)
     ON CONFLICT (name) DO UPDATE SET position = excluded.position, version = excluded.version, updated = excluded.updated`),
  deleteCheckpoint: statement('DELETE FROM event_checkpoints WHERE name = $1'),
  park: statement(`INSERT INTO event_parked (id, consumer, event_id, position, attempts, error, parked_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (id) DO UPDATE SET attempts = excluded.attempts, error = excluded.error, parked_at = excluded.parked_at`),
  listParked: statement('SELECT * FROM event_parked ORDER BY position, id'),
  listParkedOf: statement('SELECT * FROM event_parked WHERE consumer = $1 ORDER BY position, id'),
  getParked: statement('SELECT * FROM event_parked WHERE id = $1'),
  removeParked: statement('DELETE FROM event_parked WHERE id = $1'),
  tryClaim: statement(`SELECT pg_try_advisory_lock(${CLAIM_KEY}) AS ok`),
  unclaim: statement(`SELECT pg_advisory_unlock(${CLAIM_KEY}) AS ok`),
};

export const checkpointValues = (c: Checkpoint) => [c.name, c.position, c.version, c.updated];
