import { openSqlite, SqliteWriteBatch } from '@pattern/sqlite';
import type Database from 'better-sqlite3';
import type { ExpectedVersion, StoredEvent } from '../schemas.ts';
import { checkExpectedVersion, resolveDuplicates } from './append-rules.ts';
import type { AllReadQuery, AppendResult, EventDriver, KeptAppend, ParkedEvent, PreparedEvent, StreamRef, TagQuery } from './driver.ts';
import { localClaims } from './local-claims.ts';
import { sqliteResults } from './sqlite-results.ts';
import { CORRELATION_TAG, migrateSqlite } from './sqlite-schema.ts';

interface EventRow {
  position: number;
  id: string;
  aggregate_type: string;
  aggregate_id: string;
  version: number;
  type: string;
  payload: string;
  metadata: string;
  schema_version: number;
  created: string;
}

const EVENT_COLUMNS = 'e.position, e.id, e.aggregate_type, e.aggregate_id, e.version, e.type, e.payload, e.metadata, e.schema_version, e.created';
/**
 * Tags are indexed in batches of at least this many events rather than in each append: a tag
 * value lands anywhere in its index, and writing those pages once per batch instead of once per
 * append is most of the cost of indexing. Queries bring the index up to date before reading it.
 */
const TAG_BATCH = 1000;
/** Above any character a stream key can hold, so `[prefix, prefix + TOP)` is the range of keys starting with prefix. */
const TOP = '\u{10FFFF}';

function toEvent(row: EventRow): StoredEvent {
  return {
    id: row.id,
    aggregateType: row.aggregate_type,
    aggregateId: row.aggregate_id,
    version: row.version,
    position: row.position,
    type: row.type,
    payload: JSON.parse(row.payload),
    metadata: JSON.parse(row.metadata),
    schemaVersion: row.schema_version,
    created: row.created,
  };
}

const keyOf = (stream: StreamRef) => `${stream.aggregateType}/${stream.aggregateId}`;

/**
 * Events in their own SQLite file (`<dataDir>/events.db`): WAL, every statement prepared once, the
 * appends asked for together committed in one transaction.
 */
export function createSqliteDriver(file: string): EventDriver {
  // Tag index writes land all over that index; a larger page cache keeps its pages from being read back from disk.
  const db = openSqlite(file, { cacheKiB: 65_536 });
  migrateSqlite(db);
  const appends = new SqliteWriteBatch(db);

  const head = db.prepare<[], { head: number | null }>('SELECT MAX(position) AS head FROM events');
  const eventById = db.prepare<[string], EventRow>(`SELECT ${EVENT_COLUMNS} FROM events e WHERE e.id = ?`);
  const streamVersion = db.prepare<[string], { version: number }>('SELECT version FROM streams WHERE stream_key = ?');
  const insertEvent = db.prepare(
    `INSERT INTO events (id, aggregate_type, aggregate_id, version, type, tags, payload, metadata, schema_version, created, correlation_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const tagProgress = db.prepare<[], { position: number }>('SELECT position FROM tag_index WHERE id = 1');
  const setTagProgress = db.prepare('UPDATE tag_index SET position = ? WHERE id = 1');
  const untaggedEnd = db.prepare<[number, number], { position: number }>(
    'SELECT MAX(position) AS position FROM (SELECT position FROM events WHERE position > ? ORDER BY position LIMIT ?)',
  );
  // One statement per batch, in key order: SQLite reads the tags, and writes each page of the
  // index once, without a call from JavaScript per tag.
  const tagRange = db.prepare<{ from: number; to: number; correlation: string }>(
    `INSERT OR IGNORE INTO tags (name, value, position)
     SELECT t.value ->> 0, t.value ->> 1, e.position FROM events e, json_each(e.tags) t
     WHERE e.position > :from AND e.position <= :to AND e.tags IS NOT NULL
     UNION ALL
     SELECT :correlation, e.correlation_id, e.position FROM events e
     WHERE e.position > :from AND e.position <= :to AND e.correlation_id IS NOT NULL
     ORDER BY 1, 2, 3`,
  );
  let indexedUpTo = tagProgress.get()?.position ?? 0;
  const upsertStream = db.prepare(
    `INSERT INTO streams (stream_key, aggregate_type, aggregate_id, version, last_event_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (stream_key) DO UPDATE SET version = excluded.version, last_event_at = excluded.last_event_at`,
  );
  const streamForward = db.prepare<[string, string, number, number, number], EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM events e WHERE e.aggregate_type = ? AND e.aggregate_id = ? AND e.version BETWEEN ? AND ? ORDER BY e.version LIMIT ?`,
  );
  const streamBackward = db.prepare<[string, string, number, number, number], EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM events e WHERE e.aggregate_type = ? AND e.aggregate_id = ? AND e.version BETWEEN ? AND ? ORDER BY e.version DESC LIMIT ?`,
  );
  const streamsPage = db.prepare<
    [string, string, string, number],
    { stream_key: string; aggregate_type: string; aggregate_id: string; version: number; last_event_at: string }
  >('SELECT * FROM streams WHERE stream_key > ? AND stream_key >= ? AND stream_key < ? ORDER BY stream_key LIMIT ?');
  const getSnapshot = db.prepare<[string], { version: number; aggregate_version: number; state: string; created: string }>(
    'SELECT version, aggregate_version, state, created FROM snapshots WHERE stream_key = ?',
  );
  const saveSnapshot = db.prepare(
    `INSERT INTO snapshots (stream_key, aggregate_type, aggregate_id, version, aggregate_version, state, created) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (stream_key) DO UPDATE SET version = excluded.version, aggregate_version = excluded.aggregate_version, state = excluded.state, created = excluded.created
     WHERE excluded.version > snapshots.version OR excluded.aggregate_version != snapshots.aggregate_version`,
  );
  const staleSnapshots = db.prepare<[string, number], { aggregate_id: string }>(
    'SELECT aggregate_id FROM snapshots WHERE aggregate_type = ? AND aggregate_version != ?',
  );
  const deleteSnapshotsOfType = db.prepare('DELETE FROM snapshots WHERE aggregate_type = ?');
  const deleteSnapshot = db.prepare('DELETE FROM snapshots WHERE stream_key = ?');
  const getCheckpoint = db.prepare<[string], { name: string; position: number; version: number; updated: string; pause: string | null }>(
    'SELECT name, position, version, updated, pause FROM checkpoints WHERE name = ?',
  );
  const setPause = db.prepare('UPDATE checkpoints SET pause = ? WHERE name = ?');
  const setCheckpoint = db.prepare(
    `INSERT INTO checkpoints (name, position, version, updated) VALUES (?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET position = excluded.position, version = excluded.version, updated = excluded.updated`,
  );
  const deleteCheckpoint = db.prepare('DELETE FROM checkpoints WHERE name = ?');
  const park = db.prepare(
    `INSERT INTO parked (id, consumer, event_id, position, attempts, error, parked_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET attempts = excluded.attempts, error = excluded.error, parked_at = excluded.parked_at`,
  );
  type ParkedRow = { id: string; consumer: string; event_id: string; position: number; attempts: number; error: string; parked_at: string };
  const listParked = db.prepare<[], ParkedRow>('SELECT * FROM parked ORDER BY position, id');
  const listParkedOf = db.prepare<[string], ParkedRow>('SELECT * FROM parked WHERE consumer = ? ORDER BY position, id');
  const getParked = db.prepare<[string], ParkedRow>('SELECT * FROM parked WHERE id = ?');
  const removeParked = db.prepare('DELETE FROM parked WHERE id = ?');
  const toParked = (row: ParkedRow): ParkedEvent => ({
    id: row.id,
    consumer: row.consumer,
    eventId: row.event_id,
    position: row.position,
    attempts: row.attempts,
    error: JSON.parse(row.error),
    parkedAt: row.parked_at,
  });

  // Reads whose filters vary get one statement per shape, prepared the first time that shape is asked for.
  const shapes = new Map<string, Database.Statement<unknown[], EventRow>>();
  const shaped = (key: string, sql: () => string) => {
    let statement = shapes.get(key);
    if (!statement) {
      statement = db.prepare<unknown[], EventRow>(sql());
      shapes.set(key, statement);
    }
    return statement;
  };

  function readAll(query: AllReadQuery): StoredEvent[] {
    const backward = query.direction === 'backward';
    const types = query.types?.length ? JSON.stringify(query.types) : undefined;
    const correlated = query.correlationId !== undefined;
    const key = `all:${backward}:${types !== undefined}:${query.aggregateType !== undefined}:${correlated}`;
    const statement = shaped(key, () => {
      // Correlated events are found through the tag index, in its order, which is the log's.
      const at = correlated ? 't.position' : 'e.position';
      const where = [backward ? `${at} < ?` : `${at} > ?`];
      if (correlated) where.unshift('t.name = ?', 't.value = ?');
      if (types !== undefined) where.push('e.type IN (SELECT value FROM json_each(?))');
      if (query.aggregateType !== undefined) where.push('e.aggregate_type = ?');
      const from = correlated ? 'tags t JOIN events e ON e.position = t.position' : 'events e';
      return `SELECT ${EVENT_COLUMNS} FROM ${from} WHERE ${where.join(' AND ')} ORDER BY ${at} ${backward ? 'DESC' : ''} LIMIT ?`;
    });
    const params: unknown[] = [];
    if (correlated) {
      catchUpTags();
      params.push(CORRELATION_TAG, query.correlationId);
    }
    params.push(backward && query.after <= 0 ? Number.MAX_SAFE_INTEGER : query.after);
    if (types !== undefined) params.push(types);
    if (query.aggregateType !== undefined) params.push(query.aggregateType);
    params.push(query.limit);
    return statement.all(...params).map(toEvent);
  }

  function queryTags(query: TagQuery): StoredEvent[] {
    const [first, ...rest] = query.tag;
    if (!first) return [];
    const backward = query.direction === 'backward';
    const types = query.types?.length ? JSON.stringify(query.types) : undefined;
    const key = `tag:${backward}:${types !== undefined}:${rest.length}`;
    const statement = shaped(key, () => {
      const where = ['t.name = ?', 't.value = ?', backward ? 't.position < ?' : 't.position > ?'];
      if (types !== undefined) where.push('e.type IN (SELECT value FROM json_each(?))');
      for (let i = 0; i < rest.length; i++) {
        where.push(`EXISTS (SELECT 1 FROM tags t${i} WHERE t${i}.name = ? AND t${i}.value = ? AND t${i}.position = t.position)`);
      }
      return `SELECT ${EVENT_COLUMNS} FROM tags t JOIN events e ON e.position = t.position WHERE ${where.join(' AND ')}
              ORDER BY t.position ${backward ? 'DESC' : ''} LIMIT ?`;
    });
    const params: unknown[] = [first[0], first[1], backward && query.after <= 0 ? Number.MAX_SAFE_INTEGER : query.after];
    if (types !== undefined) params.push(types);
    for (const [name, value] of rest) params.push(name, value);
    params.push(query.limit);
    return statement.all(...params).map(toEvent);
  }

  /** Indexes the tags of up to `limit` events after the last indexed one; returns the position reached. */
  const indexTags = db.transaction((limit: number): number => {
    const from = tagProgress.get()?.position ?? 0;
    const reached = untaggedEnd.get(from, limit)?.position ?? from;
    if (reached > from) {
      tagRange.run({ from, to: reached, correlation: CORRELATION_TAG });
      setTagProgress.run(reached);
    }
    return reached;
  });

  /** Brings the tag index up to the last event (before a tag query, which must see every event). */
  function catchUpTags(): void {
    for (let target = head.get()?.head ?? 0; indexedUpTo < target; ) {
      const reached = indexTags.immediate(10 * TAG_BATCH);
      if (reached === indexedUpTo) break;
      indexedUpTo = reached;
    }
  }

  const results = sqliteResults(db);
  const keptResult = ({ aggregateType, aggregateId, from, to }: KeptAppend): AppendResult => ({
    events: streamForward.all(aggregateType, aggregateId, from, to, to - from + 1).map(toEvent),
    version: to,
    deduplicated: true,
  });

  const append = db.transaction((stream: StreamRef, events: PreparedEvent[], expected: ExpectedVersion, idempotencyKey?: string): AppendResult => {
    const answered = idempotencyKey === undefined ? undefined : results.get(idempotencyKey);
    if (answered) return keptResult(answered);
    const key = keyOf(stream);
    const duplicates = resolveDuplicates(
      stream,
      events,
      events.map((e) => {
        const row = e.suppliedId ? eventById.get(e.id) : undefined;
        return row ? toEvent(row) : undefined;
      }),
    );
    const actual = streamVersion.get(key)?.version ?? 0;
    if (duplicates) return { events: duplicates, version: actual, deduplicated: true };
    checkExpectedVersion(stream, expected, actual);
    let version = actual;
    const stored = events.map((e): StoredEvent => {
      version++;
      const info = insertEvent.run(
        e.id,
        stream.aggregateType,
        stream.aggregateId,
        version,
        e.type,
        e.tags.length > 0 ? JSON.stringify(e.tags) : null,
        e.payloadJson,
        JSON.stringify(e.metadata),
        e.schemaVersion,
        e.created,
        e.metadata.correlationId ?? null,
      );
      const position = Number(info.lastInsertRowid);
      return {
        id: e.id,
        aggregateType: stream.aggregateType,
        aggregateId: stream.aggregateId,
        version,
        position,
        type: e.type,
        payload: e.payload,
        metadata: e.metadata,
        schemaVersion: e.schemaVersion,
        created: e.created,
      };
    });
    const last = stored[stored.length - 1];
    if (last) upsertStream.run(key, stream.aggregateType, stream.aggregateId, version, last.created);
    if (last && idempotencyKey !== undefined) results.save(idempotencyKey, { ...stream, from: actual + 1, to: version }, Date.parse(last.created));
    return { events: stored, version, deduplicated: false };
  });

  return {
    name: 'sqlite',
    async append(stream, events, expected, idempotencyKey) {
      const result = await appends.run(() => append(stream, events, expected, idempotencyKey));
      const last = result.events[result.events.length - 1]?.position ?? 0;
      if (last - indexedUpTo >= TAG_BATCH) indexedUpTo = indexTags.immediate(10 * TAG_BATCH);
      return result;
    },
    async keptAppend(idempotencyKey) {
      const answered = results.get(idempotencyKey);
      return answered && keptResult(answered);
    },
    async pruneResults(before) {
      return results.prune(before);
    },
    async streamVersion(stream) {
      return streamVersion.get(keyOf(stream))?.version ?? 0;
    },
    async readStream(query) {
      const statement = query.direction === 'forward' ? streamForward : streamBackward;
      return statement
        .all(query.aggregateType, query.aggregateId, query.fromVersion ?? 1, query.toVersion ?? Number.MAX_SAFE_INTEGER, query.limit)
        .map(toEvent);
    },
    async readAll(query) {
      return readAll(query);
    },
    async queryTags(query) {
      catchUpTags();
      return queryTags(query);
    },
    async getEvent(id) {
      const row = eventById.get(id);
      return row ? toEvent(row) : undefined;
    },
    async head() {
      return head.get()?.head ?? 0;
    },
    async streams(query) {
      const prefix = query.prefix ?? '';
      const rows = streamsPage.all(query.cursor ?? '', prefix, prefix + TOP, query.limit + 1);
      const page = rows.slice(0, query.limit);
      return {
        streams: page.map((r) => ({ type: r.aggregate_type, id: r.aggregate_id, version: r.version, lastEventAt: r.last_event_at })),
        next: rows.length > query.limit ? (page[page.length - 1]?.stream_key ?? null) : null,
      };
    },
    async getSnapshot(stream) {
      const row = getSnapshot.get(keyOf(stream));
      if (!row) return undefined;
      return { ...stream, version: row.version, aggregateVersion: row.aggregate_version, state: JSON.parse(row.state), created: row.created };
    },
    async saveSnapshot(s) {
      saveSnapshot.run(keyOf(s), s.aggregateType, s.aggregateId, s.version, s.aggregateVersion, JSON.stringify(s.state), s.created);
    },
    async staleSnapshots(aggregateType, aggregateVersion) {
      return staleSnapshots.all(aggregateType, aggregateVersion).map((r) => r.aggregate_id);
    },
    async deleteSnapshots(aggregateType, aggregateId) {
      const info = aggregateId === undefined ? deleteSnapshotsOfType.run(aggregateType) : deleteSnapshot.run(keyOf({ aggregateType, aggregateId }));
      return info.changes;
    },
    async getCheckpoint(name) {
      const row = getCheckpoint.get(name);
      if (!row) return undefined;
      const { pause, ...checkpoint } = row;
      return pause === null ? checkpoint : { ...checkpoint, pause: JSON.parse(pause) };
    },
    async setCheckpoint(c) {
      setCheckpoint.run(c.name, c.position, c.version, c.updated);
    },
    async setPause(name, pause) {
      return setPause.run(pause ? JSON.stringify(pause) : null, name).changes > 0;
    },
    async deleteCheckpoint(name) {
      return deleteCheckpoint.run(name).changes > 0;
    },
    claim: localClaims(async (c) => {
      setCheckpoint.run(c.name, c.position, c.version, c.updated);
    }),
    async park(p) {
      park.run(p.id, p.consumer, p.eventId, p.position, p.attempts, JSON.stringify(p.error), p.parkedAt);
    },
    async listParked(consumer) {
      return (consumer === undefined ? listParked.all() : listParkedOf.all(consumer)).map(toParked);
    },
    async getParked(id) {
      const row = getParked.get(id);
      return row ? toParked(row) : undefined;
    },
    async removeParked(id) {
      return removeParked.run(id).changes > 0;
    },
    async close() {
      if (!db.open) return;
      appends.drain();
      db.close();
    },
  };
}
