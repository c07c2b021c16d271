import { PatternError } from '@pattern/core';
import { createPool, migrate, named } from '@pattern/postgres';
import type { ExpectedVersion, StoredEvent } from '../schemas.ts';
import { checkExpectedVersion, resolveDuplicates } from './append-rules.ts';
import type { AllReadQuery, AppendResult, ConsumerPause, EventDriver, PreparedEvent, StreamRef, TagQuery } from './driver.ts';
import { type EventRow, keptAppend, type ParkedRow, toEvent, toParked } from './postgres-rows.ts';
import { POSTGRES_SCHEMA } from './postgres-schema.ts';
import { createSession } from './postgres-session.ts';
import { checkpointValues, EVENT_COLUMNS, statements } from './postgres-statements.ts';

/** Above any character a stream key can hold, so `[prefix, prefix + TOP)` is the range of keys starting with prefix. */
const TOP = '\u{10FFFF}';
/** Above any position, for backward reads "from the end". */
const END = '9223372036854775807';
const UNIQUE_VIOLATION = '23505';
/** PostgreSQL refuses `\u0000` in JSONB text. */
const UNTRANSLATABLE_CHARACTER = '22P05';

/** For each append of a group: the stream's version before it, its first position (null if nothing was written), whether it was kept. */
interface AppendOutcome {
  o_actual: number;
  o_first: string | null;
  o_kept: boolean;
}

const keyOf = (stream: StreamRef) => `${stream.aggregateType}/${stream.aggregateId}`;

interface PendingAppend {
  stream: StreamRef;
  events: PreparedEvent[];
  expected: ExpectedVersion;
  idempotencyKey: string | undefined;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

/** At most this many appends, or this many events, go in one call. */
const GROUP_APPENDS = 200;
const GROUP_EVENTS = 5000;

function takeGroup(waiting: PendingAppend[]): PendingAppend[] {
  let count = 0;
  let events = 0;
  for (const append of waiting) {
    if (count > 0 && (count >= GROUP_APPENDS || events + append.events.length > GROUP_EVENTS)) break;
    count++;
    events += append.events.length;
  }
  return waiting.splice(0, count);
}

/**
 * Events in PostgreSQL, shared by every server pointed at the same database (and schema).
 * Appends are serialized by a transaction-level advisory lock inside one function call (see
 * `pattern_events_append`), so positions are gapless and in commit order. Consumer claims are
 * session-level advisory locks on one dedicated connection per process: PostgreSQL frees them when
 * that connection or the process holding it dies, and another server takes over.
 */
export async function createPostgresDriver(url: string): Promise<EventDriver> {
  const pool = createPool(url);
  await migrate(pool, 'event-store', POSTGRES_SCHEMA);
  const { rows: schemaRows } = await pool.query<{ schema: string }>('SELECT current_schema() AS schema');
  const session = createSession(pool, url, schemaRows[0]?.schema ?? 'public');

  async function findByIds(ids: string[]): Promise<Map<string, StoredEvent>> {
    if (ids.length === 0) return new Map();
    const { rows } = await pool.query<EventRow>(statements.byIds([ids]));
    return new Map(rows.map((row) => [row.id, toEvent(row)]));
  }

  async function deduplicate(stream: StreamRef, events: PreparedEvent[]): Promise<AppendResult | undefined> {
    const seen = await findByIds(events.filter((e) => e.suppliedId).map((e) => e.id));
    const duplicates = resolveDuplicates(
      stream,
      events,
      events.map((e) => seen.get(e.id)),
    );
    if (!duplicates) return undefined;
    const { rows } = await pool.query<{ version: number }>(statements.streamVersion([keyOf(stream)]));
    return { events: duplicates, version: rows[0]?.version ?? 0, deduplicated: true };
  }

  /**
   * Appends waiting while the previous call runs go together in the next one: they would take
   * turns on the append lock anyway, and together they share one round trip and one commit.
   */
  const waiting: PendingAppend[] = [];
  /** The loop writing what waits, while it runs: closing lets it finish, so no append asked for is dropped. */
  let writing: Promise<void> | undefined;

  function write(stream: StreamRef, events: PreparedEvent[], expected: ExpectedVersion, idempotencyKey: string | undefined): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      waiting.push({ stream, events, expected, idempotencyKey, resolve, reject });
      writing ??= writeWaiting();
    });
  }

  async function writeWaiting(): Promise<void> {
    while (waiting.length > 0) {
      const group = takeGroup(waiting);
      try {
        settleGroup(group, await writeGroup(group));
      } catch (error) {
        if (group.length === 1) group[0]?.reject(error);
        // One append failed the call (a bad payload, an id appended meanwhile): alone, only it fails.
        else await Promise.all(group.map((append) => writeGroup([append]).then((outcome) => settleGroup([append], outcome), append.reject)));
      }
    }
    writing = undefined;
  }

  async function writeGroup(group: PendingAppend[]): Promise<AppendOutcome[]> {
    const events = group.flatMap((append) => append.events);
    const tagEvents: number[] = [];
    const tagNames: string[] = [];
    const tagValues: string[] = [];
    events.forEach((e, i) => {
      for (const [name, value] of e.tags) {
        tagEvents.push(i + 1);
        tagNames.push(name);
        tagValues.push(value);
      }
    });
    const { rows } = await pool.query<AppendOutcome>(
      statements.append([
        group.map((a) => a.stream.aggregateType),
        group.map((a) => a.stream.aggregateId),
        group.map((a) => String(a.expected)),
        group.map((a) => a.events.length),
        events.map((e) => e.id),
        events.map((e) => e.type),
        events.map((e) => e.payloadJson),
        events.map((e) => JSON.stringify(e.metadata)),
        events.map((e) => e.schemaVersion),
        events.map((e) => e.metadata.correlationId ?? null),
        events.map((e) => e.created),
        tagEvents,
        tagNames,
        tagValues,
        group.map((a) => a.idempotencyKey ?? null),
      ]),
    );
    return rows;
  }

  function settleGroup(group: PendingAppend[], outcomes: AppendOutcome[]): void {
    group.forEach(({ stream, events, expected, idempotencyKey, resolve, reject }, i) => {
      const actual = outcomes[i]?.o_actual ?? 0;
      const first = outcomes[i]?.o_first;
      try {
        if (outcomes[i]?.o_kept && idempotencyKey !== undefined) {
          keptAppend(pool, idempotencyKey).then(
            (kept) => (kept ? resolve(kept) : reject(new Error(`no append is kept under ${idempotencyKey}`))),
            reject,
          );
          return;
        }
        if (first === null || first === undefined) {
          checkExpectedVersion(stream, expected, actual);
          throw new Error(`the append to ${keyOf(stream)} wrote nothing though version ${actual} matches ${expected}`);
        }
        resolve({
          events: events.map(
            (e, n): StoredEvent => ({
              id: e.id,
              aggregateType: stream.aggregateType,
              aggregateId: stream.aggregateId,
              version: actual + n + 1,
              position: Number(first) + n,
              type: e.type,
              payload: e.payload,
              metadata: e.metadata,
              schemaVersion: e.schemaVersion,
              created: e.created,
            }),
          ),
          version: actual + events.length,
          deduplicated: false,
        });
      } catch (error) {
        reject(error);
      }
    });
  }

  // Reads whose filters vary get one named statement per shape.
  function readAllStatement(query: AllReadQuery) {
    const backward = query.direction === 'backward';
    const types = query.types?.length ? query.types : undefined;
    const where = [backward ? 'e.position < $1' : 'e.position > $1'];
    const values: unknown[] = [backward && query.after <= 0 ? END : query.after];
    if (types) where.push(`e.type = ANY($${values.push(types)}::text[])`);
    if (query.aggregateType !== undefined) where.push(`e.aggregate_type = $${values.push(query.aggregateType)}`);
    if (query.correlationId !== undefined) where.push(`e.correlation_id = $${values.push(query.correlationId)}`);
    const limit = values.push(query.limit);
    return named(
      `SELECT ${EVENT_COLUMNS} FROM events e WHERE ${where.join(' AND ')} ORDER BY e.position ${backward ? 'DESC' : ''} LIMIT $${limit}`,
      values,
    );
  }

  function tagStatement(query: TagQuery, first: [string, string], rest: Array<[string, string]>) {
    const backward = query.direction === 'backward';
    const types = query.types?.length ? query.types : undefined;
    const values: unknown[] = [first[0], first[1], backward && query.after <= 0 ? END : query.after];
    const where = ['t.name = $1', 't.value = $2', backward ? 't.position < $3' : 't.position > $3'];
    if (types) where.push(`e.type = ANY($${values.push(types)}::text[])`);
    rest.forEach(([name, value], i) => {
      const n = values.push(name);
      values.push(value);
      where.push(`EXISTS (SELECT 1 FROM event_tags t${i} WHERE t${i}.name = $${n} AND t${i}.value = $${n + 1} AND t${i}.position = t.position)`);
    });
    const limit = values.push(query.limit);
    return named(
      `SELECT ${EVENT_COLUMNS} FROM event_tags t JOIN events e ON e.position = t.position WHERE ${where.join(' AND ')}
       ORDER BY t.position ${backward ? 'DESC' : ''} LIMIT $${limit}`,
      values,
    );
  }

  return {
    name: 'postgres',
    async append(stream, events, expected, idempotencyKey) {
      // An append already made under the key is answered before anything else, as on every driver;
      // the append function checks the key again under its lock, for appends racing this one.
      const kept = idempotencyKey === undefined ? undefined : await keptAppend(pool, idempotencyKey);
      if (kept) return kept;
      // Ids supplied by the caller may have been appended before (a retry): answer those from the log.
      // A concurrent append of the same id loses on the unique id, and is then answered the same way.
      for (let attempt = 1; ; attempt++) {
        const duplicate = events.some((e) => e.suppliedId) ? await deduplicate(stream, events) : undefined;
        if (duplicate) return duplicate;
        try {
          return await write(stream, events, expected, idempotencyKey);
        } catch (error) {
          const code = (error as { code?: string }).code;
          if (code === UNIQUE_VIOLATION && attempt === 1 && events.some((e) => e.suppliedId)) continue;
          if (code === UNTRANSLATABLE_CHARACTER) {
            throw new PatternError('validation_failed', 'events: a payload or metadata string holds \\u0000, which PostgreSQL cannot store', {
              field: 'events',
            });
          }
          throw error;
        }
      }
    },
    keptAppend: (idempotencyKey) => keptAppend(pool, idempotencyKey),
    async pruneResults(before) {
      return (await pool.query(statements.pruneResults([new Date(before).toISOString()]))).rowCount ?? 0;
    },
    async streamVersion(stream) {
      const { rows } = await pool.query<{ version: number }>(statements.streamVersion([keyOf(stream)]));
      return rows[0]?.version ?? 0;
    },
    async readStream(query) {
      const statement = query.direction === 'forward' ? statements.streamForward : statements.streamBackward;
      const { rows } = await pool.query<EventRow>(
        statement([query.aggregateType, query.aggregateId, query.fromVersion ?? 1, query.toVersion ?? 2_147_483_647, query.limit]),
      );
      return rows.map(toEvent);
    },
    async readAll(query) {
      const { rows } = await pool.query<EventRow>(readAllStatement(query));
      return rows.map(toEvent);
    },
    async queryTags(query) {
      const [first, ...rest] = query.tag;
      if (!first) return [];
      const { rows } = await pool.query<EventRow>(tagStatement(query, first, rest));
      return rows.map(toEvent);
    },
    async getEvent(id) {
      return (await findByIds([id])).get(id);
    },
    async head() {
      const { rows } = await pool.query<{ head: string }>(statements.head([]));
      return Number(rows[0]?.head ?? 0);
    },
    async streams(query) {
      const prefix = query.prefix ?? '';
      const { rows } = await pool.query<{
        stream_key: string;
        aggregate_type: string;
        aggregate_id: string;
        version: number;
        last_event_at: Date;
      }>(statements.streams([query.cursor ?? '', prefix, prefix + TOP, query.limit + 1]));
      const page = rows.slice(0, query.limit);
      return {
        streams: page.map((r) => ({ type: r.aggregate_type, id: r.aggregate_id, version: r.version, lastEventAt: r.last_event_at.toISOString() })),
        next: rows.length > query.limit ? (page[page.length - 1]?.stream_key ?? null) : null,
      };
    },
    async getSnapshot(stream) {
      const { rows } = await pool.query<{ version: number; aggregate_version: number; state: unknown; created: Date }>(
        statements.getSnapshot([stream.aggregateType, stream.aggregateId]),
      );
      const row = rows[0];
      if (!row) return undefined;
      return { ...stream, version: row.version, aggregateVersion: row.aggregate_version, state: row.state, created: row.created.toISOString() };
    },
    async saveSnapshot(s) {
      await pool.query(statements.saveSnapshot([s.aggregateType, s.aggregateId, s.version, s.aggregateVersion, JSON.stringify(s.state), s.created]));
    },
    async staleSnapshots(aggregateType, aggregateVersion) {
      const { rows } = await pool.query<{ aggregate_id: string }>(statements.staleSnapshots([aggregateType, aggregateVersion]));
      return rows.map((r) => r.aggregate_id);
    },
    async deleteSnapshots(aggregateType, aggregateId) {
      const result = await pool.query(
        aggregateId === undefined ? statements.deleteSnapshotsOfType([aggregateType]) : statements.deleteSnapshot([aggregateType, aggregateId]),
      );
      return result.rowCount ?? 0;
    },
    async getCheckpoint(name) {
      const { rows } = await pool.query<{ name: string; position: string; version: number; updated: Date; pause: ConsumerPause | null }>(
        statements.getCheckpoint([name]),
      );
      const row = rows[0];
      if (!row) return undefined;
      const checkpoint = { name: row.name, position: Number(row.position), version: row.version, updated: row.updated.toISOString() };
      return row.pause ? { ...checkpoint, pause: row.pause } : checkpoint;
    },
    async setCheckpoint(c) {
      await pool.query(statements.setCheckpoint(checkpointValues(c)));
    },
    async setPause(name, pause) {
      return ((await pool.query(statements.setPause([pause ? JSON.stringify(pause) : null, name]))).rowCount ?? 0) > 0;
    },
    async deleteCheckpoint(name) {
      return ((await pool.query(statements.deleteCheckpoint([name]))).rowCount ?? 0) > 0;
    },
    claim: session.claim,
    watch: session.watch,
    async park(p) {
      await pool.query(statements.park([p.id, p.consumer, p.eventId, p.position, p.attempts, JSON.stringify(p.error), p.parkedAt]));
    },
    async listParked(consumer) {
      const { rows } = await pool.query<ParkedRow>(consumer === undefined ? statements.listParked([]) : statements.listParkedOf([consumer]));
      return rows.map(toParked);
    },
    async getParked(id) {
      const { rows } = await pool.query<ParkedRow>(statements.getParked([id]));
      return rows[0] ? toParked(rows[0]) : undefined;
    },
    async removeParked(id) {
      return ((await pool.query(statements.removeParked([id]))).rowCount ?? 0) > 0;
    },
    async close() {
      await writing;
      await session.close();
      await pool.end();
    },
  };
}
