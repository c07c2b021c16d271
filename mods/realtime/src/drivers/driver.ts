import type { ConnectionInfo, ServerConnections } from '../schemas.ts';

/** What one server asks of the server that holds a connection, or of every server (a broadcast). */
export type Command =
  | { kind: 'send'; connection: string; frame: string }
  | { kind: 'join' | 'leave'; connection: string; room: string }
  | { kind: 'close'; connection: string; code: number; reason: string }
  | { kind: 'broadcast'; room: string; frame: string; except?: string };

/**
 * How a server reaches the connections other servers hold. Each connection lives on one server;
 * commands for it travel to that server, broadcasts to all of them. A driver for one server (memory,
 * SQLite) has no others to reach.
 */
export interface RealtimeDriver {
  /** Joins the cluster as `server`; commands other servers publish for it (or for all) go to `deliver`. */
  start(server: string, deliver: (command: Command) => void): Promise<void>;
  /** Hands a command to the other servers; `to` is the one server that holds its connection. */
  publish(command: Command, to: string | undefined): Promise<void>;
  /** Whether another server holds this connection now. */
  held(connection: string): Promise<boolean>;
  opened(info: ConnectionInfo): Promise<void>;
  closed(connection: string): Promise<void>;
  /** The rooms a connection of this server is in, so that every server can list them. */
  rooms(connection: string, rooms: string[]): Promise<void>;
  /** The connections of the other servers, by server, the longest open first (ties by id). */
  others(): Promise<ServerConnections[]>;
  close(): Promise<void>;
}
