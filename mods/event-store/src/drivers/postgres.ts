import { PatternError } from '@pattern/core';
import { createPool, migrate } from '@pattern/postgres';
import pg from 'pg';
import type { ExpectedVersion, StoredEvent } from '../schema.ts';
import { checkExpectedVersion, resolveDuplicates } from './append-rules.ts';
import type {
  AllReadQuery,
  AppendResult,
  Checkpoint,
  ConsumerClaim,
  EventDriver,
  ParkedEvent,
  PreparedEvent,
  StreamRef,
  TagQuery,
} from './driver.ts';
import { POSTGRES_SCHEMA } from './postgres-schema.ts';

interface EventRow {
  position: string;
  id: string;
  aggregate_type: string;
  aggregate_id: string;
  version: number;
  type: string;
  payload: Record<string, unknown>;
  metadata: StoredEvent['metadata'];
  schema_version: number;
  created: Date;
}

interface ParkedRow {
  id: string;
  consumer: string;
  event_id: string;
  position: string;
  attempts: number;
  error: ParkedEvent['error'];
  parked_at: Date;
}

const EVENT_COLUMNS = 'e.position, e.id, e.aggregate_type, e.aggregate_id, e.version, e.type, e.payload, e.metadata, e.schema_version, e.created';
/** Above any character a stream key can hold, so `[prefix, prefix + TOP)` is the range of keys starting with prefix. */
const TOP = '\u{10FFFF}';
/** Above any position, for backward reads "from the end". */
const END = '9223372036854775807';
const UNIQUE_VIOLATION = '23505';
/** PostgreSQL refuses `\u0000` in JSONB text. */
const UNTRANSLATABLE_CHARACTER = '22P05';
/** Consumer claims are advisory locks keyed by schema and name, so stores in other schemas never share one. */
/** Where every append is announced, with `<schema> <head>` as the payload. */
const CHANNEL = 'pattern_events';
const CLAIM_KEY = "hashtextextended(current_schema() || ':pattern.events.consumer:' || $1, 0)";

function toEvent(row: EventRow): StoredEvent {
  return {
    id: row.id,
    aggregateType: row.aggregate_type,
    aggregateId: row.aggregate_id,
    version: row.version,
    position: Number(row.position),
    type: row.type,
    payload: row.payload,
    metadata: row.metadata,
    schemaVersion: row.schema_version,
    created: row.created.toISOString(),
  };
}

const toParked = (row: ParkedRow): ParkedEvent => ({
  id: row.id,
  consumer: row.consumer,
  eventId: row.event_id,
  position: Number(row.position),
  attempts: row.attempts,
  error: row.error,
  parkedAt: row.parked_at.toISOString(),
});

const keyOf = (stream: StreamRef) => `${stream.aggregateType}/${stream.aggregateId}`;

interface PendingAppend {
  stream: StreamRef;
  events: PreparedEvent[];
  expected: ExpectedVersion;
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

/** A named statement: PostgreSQL parses and plans it once per connection, not once per call. */
const named = (name: string, text: string) => (values: unknown[]) => ({ name: `pattern_events_${name}`, text, values });

const statements = {
  head: named('head', 'SELECT COALESCE(MAX(position), 0) AS head FROM events'),
  byIds: named('by_ids', `SELECT ${EVENT_COLUMNS} FROM events e WHERE e.id = ANY($1::text[])`),
  append: named(
    'append',
    `SELECT o_actual, o_first FROM pattern_events_append($1::text[], $2::text[], $3::text[], $4::integer[], $5::text[], $6::text[], $7::jsonb[],
       $8::jsonb[], $9::integer[], $10::text[], $11::timestamptz[], $12::integer[], $13::text[], $14::text[])`,
  ),
  streamVersion: named('stream_version', 'SELECT version FROM event_streams WHERE stream_key = $1'),
  streamForward: named(
    'stream_forward',
    `SELECT ${EVENT_COLUMNS} FROM events e WHERE e.aggregate_type = $1 AND e.aggregate_id = $2 AND e.version BETWEEN $3 AND $4 ORDER BY e.version LIMIT $5`,
  ),
  streamBackward: named(
    'stream_backward',
    `SELECT ${EVENT_COLUMNS} FROM events e WHERE e.aggregate_type = $1 AND e.aggregate_id = $2 AND e.version BETWEEN $3 AND $4 ORDER BY e.version DESC LIMIT $5`,
  ),
  streams: named(
    'streams',
    'SELECT * FROM event_streams WHERE stream_key > $1 AND stream_key >= $2 AND stream_key < $3 ORDER BY stream_key LIMIT $4',
  ),
  getSnapshot: named(
    'get_snapshot',
    'SELECT version, aggregate_version, state, created FROM event_snapshots WHERE aggregate_type = $1 AND aggregate_id = $2',
  ),
  saveSnapshot: named(
    'save_snapshot',
    `INSERT INTO event_snapshots (aggregate_type, aggregate_id, version, aggregate_version, state, created) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (aggregate_type, aggregate_id) DO UPDATE SET version = excluded.version, aggregate_version = excluded.aggregate_version,
       state = excluded.state, created = excluded.created
     WHERE excluded.version > event_snapshots.version OR excluded.aggregate_version != event_snapshots.aggregate_version`,
  ),
  staleSnapshots: named('stale_snapshots', 'SELECT aggregate_id FROM event_snapshots WHERE aggregate_type = $1 AND aggregate_version != $2'),
  deleteSnapshotsOfType: named('delete_snapshots_of_type', 'DELETE FROM event_snapshots WHERE aggregate_type = $1'),
  deleteSnapshot: named('delete_snapshot', 'DELETE FROM event_snapshots WHERE aggregate_type = $1 AND aggregate_id = $2'),
  getCheckpoint: named('get_checkpoint', 'SELECT name, position, version, updated FROM event_checkpoints WHERE name = $1'),
  setCheckpoint: named(
    'set_checkpoint',
    `INSERT INTO event_checkpoints (name, position, version, updated) VALUES ($1, $2, $3, $4)
     ON CONFLICT (name) DO UPDATE SET position = excluded.position, version = excluded.version, updated = excluded.updated`,
  ),
  deleteCheckpoint: named('delete_checkpoint', 'DELETE FROM event_checkpoints WHERE name = $1'),
  park: named(
    'park',
    `INSERT INTO event_parked (id, consumer, event_id, position, attempts, error, parked_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (id) DO UPDATE SET attempts = excluded.attempts, error = excluded.error, parked_at = excluded.parked_at`,
  ),
  listParked: named('list_parked', 'SELECT * FROM event_parked ORDER BY position, id'),
  listParkedOf: named('list_parked_of', 'SELECT * FROM event_parked WHERE consumer = $1 ORDER BY position, id'),
  getParked: named('get_parked', 'SELECT * FROM event_parked WHERE id = $1'),
  removeParked: named('remove_parked', 'DELETE FROM event_parked WHERE id = $1'),
  tryClaim: named('try_claim', `SELECT pg_try_advisory_lock(${CLAIM_KEY}) AS ok`),
  unclaim: named('unclaim', `SELECT pg_advisory_unlock(${CLAIM_KEY}) AS ok`),
};

const checkpointValues = (c: Checkpoint) => [c.name, c.position, c.version, c.updated];

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
  const session = createSession(url, schemaRows[0]?.schema ?? 'public');

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
  let writing = false;

  function write(stream: StreamRef, events: PreparedEvent[], expected: ExpectedVersion): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      waiting.push({ stream, events, expected, resolve, reject });
      if (!writing) void writeWaiting();
    });
  }

  async function writeWaiting(): Promise<void> {
    writing = true;
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
    writing = false;
  }

  async function writeGroup(group: PendingAppend[]): Promise<Array<{ o_actual: number; o_first: string | null }>> {
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
    const { rows } = await pool.query<{ o_actual: number; o_first: string | null }>(
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
      ]),
    );
    return rows;
  }

  function settleGroup(group: PendingAppend[], outcomes: Array<{ o_actual: number; o_first: string | null }>): void {
    group.forEach(({ stream, events, expected, resolve, reject }, i) => {
      const actual = outcomes[i]?.o_actual ?? 0;
      const first = outcomes[i]?.o_first;
      try {
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
    const key = `all_${backward ? 'b' : 'f'}_${types ? 't' : ''}${query.aggregateType !== undefined ? 'a' : ''}${query.correlationId !== undefined ? 'c' : ''}`;
    return named(
      key,
      `SELECT ${EVENT_COLUMNS} FROM events e WHERE ${where.join(' AND ')} ORDER BY e.position ${backward ? 'DESC' : ''} LIMIT $${limit}`,
    )(values);
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
      `tag_${backward ? 'b' : 'f'}_${types ? 't' : ''}${rest.length}`,
      `SELECT ${EVENT_COLUMNS} FROM event_tags t JOIN events e ON e.position = t.position WHERE ${where.join(' AND ')}
       ORDER BY t.position ${backward ? 'DESC' : ''} LIMIT $${limit}`,
    )(values);
  }

  return {
    name: 'postgres',
    async append(stream, events, expected) {
      // Ids supplied by the caller may have been appended before (a retry): answer those from the log.
      // A concurrent append of the same id loses on the unique id, and is then answered the same way.
      for (let attempt = 1; ; attempt++) {
        const duplicate = events.some((e) => e.suppliedId) ? await deduplicate(stream, events) : undefined;
        if (duplicate) return duplicate;
        try {
          return await write(stream, events, expected);
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
      const { rows } = await pool.query<{ name: string; position: string; version: number; updated: Date }>(statements.getCheckpoint([name]));
      const row = rows[0];
      return row ? { name: row.name, position: Number(row.position), version: row.version, updated: row.updated.toISOString() } : undefined;
    },
    async setCheckpoint(c) {
      await pool.query(statements.setCheckpoint(checkpointValues(c)));
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
      await session.close();
      await pool.end();
    },
  };
}

/**
 * This process's own connection to the store, for what lives as long as a session: consumer
 * claims are session-level advisory locks on it, so a server that dies (or loses its connection)
 * frees its claims at once, and checkpoints written through it are written only while it holds
 * them; and it LISTENs for appends made by other servers.
 */
function createSession(url: string, schema: string) {
  let session: Promise<pg.Client> | undefined;
  /** Bumped when the session is lost: claims acquired on an older one are no longer held. */
  let generation = 0;
  let closed = false;
  const watchers = new Set<(head: number) => void>();

  const connect = (): Promise<pg.Client> => {
    if (closed) return Promise.reject(new Error('the event store is closed'));
    if (!session) {
      const client = new pg.Client({ connectionString: url, keepAlive: true });
      const lost = () => {
        if (session !== opening) return;
        session = undefined;
        generation++;
        client.end().catch(() => {});
      };
      client.on('error', lost);
      client.on('end', lost);
      client.on('notification', (message) => {
        const [from, head] = (message.payload ?? '').split(' ');
        if (from !== schema) return;
        for (const watcher of watchers) watcher(Number(head));
      });
      const opening = client.connect().then(
        async () => {
          await client.query(`LISTEN ${CHANNEL}`);
          return client;
        },
        (error) => {
          lost();
          throw error;
        },
      );
      session = opening;
    }
    return session;
  };

  /** Claims of this process by name: a session's advisory locks are re-entrant, so it must keep its own consumers apart. */
  const holders = new Map<string, ConsumerClaim>();

  function claim(name: string): ConsumerClaim {
    /** The generation of the session the lock was taken on; undefined while not held. */
    let heldOn: number | undefined;
    const held = () => heldOn !== undefined && heldOn === generation && session !== undefined;
    const self: ConsumerClaim = {
      get held() {
        return held();
      },
      async acquire() {
        if (held()) return true;
        const holder = holders.get(name);
        if (holder && holder !== self && holder.held) return false;
        const client = await connect();
        const on = generation;
        const { rows } = await client.query<{ ok: boolean }>(statements.tryClaim([name]));
        if (rows[0]?.ok) {
          heldOn = on;
          holders.set(name, self);
        }
        return held();
      },
      async saveCheckpoint(checkpoint) {
        const client = held() ? await session : undefined;
        if (!client) throw new PatternError('conflict', `The claim on ${name} was lost; another server may follow it now`, { name });
        await client.query(statements.setCheckpoint(checkpointValues(checkpoint)));
      },
      async release() {
        if (holders.get(name) === self) holders.delete(name);
        if (!held()) return;
        heldOn = undefined;
        const client = await session;
        await client?.query(statements.unclaim([name]));
      },
    };
    return self;
  }

  return {
    claim,
    watch(listener: (head: number) => void): () => void {
      watchers.add(listener);
      // Connecting is what starts the LISTEN; a failure here is retried by the next claim.
      connect().catch(() => {});
      return () => watchers.delete(listener);
    },
    async close() {
      closed = true;
      const client = await session?.catch(() => undefined);
      session = undefined;
      generation++;
      await client?.end().catch(() => {});
    },
  };
}
