import { createPool, type Listener, listen, migrate } from '@pattern/postgres';
import type { ConnectionInfo, ServerConnections } from '../schemas.ts';
import type { Command, RealtimeDriver } from './driver.ts';
import { POSTGRES_SCHEMA } from './postgres-schema.ts';

const CHANNEL = 'pattern_realtime';
/** NOTIFY refuses payloads of 8000 bytes and more; a bigger command travels in a row the notification names. */
const MAX_NOTIFY_BYTES = 7000;
/** A server beats this many times within its timeout, so a late beat or two does not make it look gone. */
const BEATS_PER_TIMEOUT = 6;

export interface PostgresDriverOptions {
  /** A server not heard from for this long is gone: its connections and rooms are forgotten (30 s by default). */
  serverTimeoutMs?: number;
}

/** The oldest heartbeat of a live server, for the timeout in milliseconds the query parameter `param` holds. */
const liveSince = (param: string) => `now() - ${param}::int * interval '1 millisecond'`;

interface Envelope {
  /** The schema the sender works in: NOTIFY reaches the whole database, other deployments included. */
  s: string;
  from: string;
  to?: string;
  c?: Command;
  ref?: string;
}

/** Servers on one PostgreSQL database reach each other's connections through LISTEN/NOTIFY. */
export async function createPostgresDriver(url: string, options: PostgresDriverOptions = {}): Promise<RealtimeDriver> {
  const timeoutMs = options.serverTimeoutMs ?? 30_000;
  const pool = createPool(url, 4);
  let schema: string;
  try {
    await migrate(pool, 'realtime', POSTGRES_SCHEMA);
    const { rows } = await pool.query<{ schema: string }>('SELECT current_schema() AS schema');
    schema = rows[0]?.schema ?? 'public';
  } catch (error) {
    await pool.end();
    throw error;
  }
  let self = '';
  let listener: Listener | undefined;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let deliver: (command: Command) => void = () => {};
  let closed = false;
  // A connection's rows are written from callbacks that do not wait for each other; over a pool
  // an UPDATE of its rooms could otherwise land before the INSERT that records it, and be lost.
  const writes = new Map<string, Promise<void>>();
  const inOrder = (connection: string, write: () => Promise<unknown>): Promise<void> => {
    const done = (writes.get(connection) ?? Promise.resolve()).then(async () => {
      await write();
    });
    const tail = done.catch(() => {});
    writes.set(connection, tail);
    tail.then(() => {
      if (writes.get(connection) === tail) writes.delete(connection);
    });
    return done;
  };

  const receive = (payload: string) => {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(payload) as Envelope;
    } catch {
      return;
    }
    if (envelope.s !== schema || envelope.from === self || (envelope.to !== undefined && envelope.to !== self)) return;
    if (envelope.c) deliver(envelope.c);
    else if (envelope.ref) {
      pool.query<{ body: string }>('SELECT body FROM realtime_payloads WHERE id = $1', [envelope.ref]).then(
        ({ rows }) => {
          if (rows[0]) deliver(JSON.parse(rows[0].body) as Command);
        },
        () => {},
      );
    }
  };

  const beat = async () => {
    await pool.query('UPDATE realtime_servers SET seen_at = now() WHERE id = $1', [self]);
    await pool.query(`DELETE FROM realtime_servers WHERE seen_at < ${liveSince('$1')}`, [timeoutMs]);
    await pool.query("DELETE FROM realtime_payloads WHERE created_at < now() - interval '1 minute'");
  };

  return {
    async start(server, handler) {
      self = server;
      deliver = handler;
      await pool.query('INSERT INTO realtime_servers (id, seen_at) VALUES ($1, now()) ON CONFLICT (id) DO UPDATE SET seen_at = now()', [server]);
      listener = listen(pool, CHANNEL, receive);
      await listener.listening();
      heartbeat = setInterval(() => beat().catch(() => {}), Math.floor(timeoutMs / BEATS_PER_TIMEOUT));
      heartbeat.unref();
    },
    async publish(command, to) {
      const envelope: Envelope = { s: schema, from: self, ...(to ? { to } : {}), c: command };
      let payload = JSON.stringify(envelope);
      if (Buffer.byteLength(payload) > MAX_NOTIFY_BYTES) {
        const { rows } = await pool.query<{ id: string }>('INSERT INTO realtime_payloads (body) VALUES ($1) RETURNING id', [JSON.stringify(command)]);
        payload = JSON.stringify({ s: schema, from: self, ...(to ? { to } : {}), ref: rows[0]?.id });
      }
      await pool.query('SELECT pg_notify($1, $2)', [CHANNEL, payload]);
    },
    async held(connection) {
      const { rows } = await pool.query(
        `SELECT 1 FROM realtime_connections c JOIN realtime_servers s ON s.id = c.server WHERE c.id = $1 AND c.server <> $2 AND s.seen_at >= ${liveSince('$3')}`,
        [connection, self, timeoutMs],
      );
      return rows.length > 0;
    },
    opened(info: ConnectionInfo) {
      return inOrder(info.id, () =>
        pool.query(
          'INSERT INTO realtime_connections (id, server, workflow_id, path, address, opened_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING',
          [info.id, self, info.workflowId, info.path, info.address, info.openedAt],
        ),
      );
    },
    closed(connection) {
      return inOrder(connection, () => pool.query('DELETE FROM realtime_connections WHERE id = $1', [connection]));
    },
    rooms(connection, rooms) {
      return inOrder(connection, () => pool.query('UPDATE realtime_connections SET rooms = $2 WHERE id = $1', [connection, rooms]));
    },
    async others(): Promise<ServerConnections[]> {
      const { rows } = await pool.query<{
        id: string;
        server: string;
        workflow_id: string;
        path: string;
        address: string;
        opened_at: Date;
        rooms: string[];
      }>(
        `SELECT c.id, c.server, c.workflow_id, c.path, c.address, c.opened_at, c.rooms FROM realtime_connections c
          JOIN realtime_servers s ON s.id = c.server
          WHERE c.server <> $1 AND s.seen_at >= ${liveSince('$2')} ORDER BY c.server, c.opened_at, c.id LIMIT 10000`,
        [self, timeoutMs],
      );
      const byServer = new Map<string, ServerConnections>();
      for (const row of rows) {
        const entry = byServer.get(row.server) ?? { server: row.server, connections: [] };
        entry.connections.push({
          id: row.id,
          workflowId: row.workflow_id,
          path: row.path,
          address: row.address,
          openedAt: row.opened_at.toISOString(),
          rooms: row.rooms,
        });
        byServer.set(row.server, entry);
      }
      return [...byServer.values()];
    },
    async close() {
      if (closed) return;
      closed = true;
      if (heartbeat) clearInterval(heartbeat);
      await listener?.close();
      await pool.query('DELETE FROM realtime_servers WHERE id = $1', [self]).catch(() => {});
      await pool.end();
    },
  };
}
