import type { WebSocket } from 'ws';
import type { ConnectionInfo } from '../schemas.ts';

export interface Connection {
  readonly id: string;
  readonly socket: WebSocket;
  readonly workflowId: string;
  readonly path: string;
  readonly address: string;
  readonly openedAt: string;
  readonly rooms: Set<string>;
  /** Answered the last ping. */
  alive: boolean;
  windowStartedAt: number;
  windowCount: number;
}

export interface HubLimits {
  maxBufferedBytes: number;
}

/**
 * The connections this server holds, and its rooms. Every write goes through `write`, which keeps
 * a slow reader's queue bounded: past `maxBufferedBytes` unsent, the connection is dropped rather
 * than the server's memory spent on it.
 */
export class Hub {
  private readonly connections = new Map<string, Connection>();
  private readonly roomMembers = new Map<string, Set<Connection>>();
  private readonly perAddress = new Map<string, number>();
  private readonly limits: HubLimits;

  constructor(limits: HubLimits) {
    this.limits = limits;
  }

  get size(): number {
    return this.connections.size;
  }

  get(id: string): Connection | undefined {
    return this.connections.get(id);
  }

  connectionsFrom(address: string): number {
    return this.perAddress.get(address) ?? 0;
  }

  /** Counts a connection of `address` from its handshake on, so that a burst of handshakes cannot pass the limit together. */
  reserve(address: string): void {
    this.perAddress.set(address, this.connectionsFrom(address) + 1);
  }

  /** A reserved handshake that never opened. */
  release(address: string): void {
    const left = this.connectionsFrom(address) - 1;
    if (left > 0) this.perAddress.set(address, left);
    else this.perAddress.delete(address);
  }

  /** Holds an opened connection, already counted by `reserve`. */
  add(connection: Connection): void {
    this.connections.set(connection.id, connection);
  }

  /** Forgets a connection and takes it out of its rooms; false when it was already gone. */
  remove(id: string): boolean {
    const connection = this.connections.get(id);
    if (!connection) return false;
    this.connections.delete(id);
    for (const room of connection.rooms) this.leave(connection, room);
    this.release(connection.address);
    return true;
  }

  write(connection: Connection, frame: string | Buffer): boolean {
    const socket = connection.socket;
    if (socket.readyState !== socket.OPEN) return false;
    if (socket.bufferedAmount + frame.length > this.limits.maxBufferedBytes) {
      socket.terminate();
      return false;
    }
    socket.send(frame, { binary: false });
    return true;
  }

  join(connection: Connection, room: string): void {
    connection.rooms.add(room);
    let members = this.roomMembers.get(room);
    if (!members) {
      members = new Set();
      this.roomMembers.set(room, members);
    }
    members.add(connection);
  }

  leave(connection: Connection, room: string): void {
    connection.rooms.delete(room);
    const members = this.roomMembers.get(room);
    if (!members) return;
    members.delete(connection);
    if (members.size === 0) this.roomMembers.delete(room);
  }

  /** Writes one frame to every member of `room` here but `except`; the text is encoded once for all of them. */
  broadcast(room: string, frame: string, except: string | undefined): number {
    const members = this.roomMembers.get(room);
    if (!members) return 0;
    const bytes = Buffer.from(frame);
    let sent = 0;
    for (const member of members) if (member.id !== except && this.write(member, bytes)) sent++;
    return sent;
  }

  /** Pings every connection; one that did not answer the last ping is dead and is dropped. */
  sweep(): void {
    for (const connection of this.connections.values()) {
      if (!connection.alive) {
        connection.socket.terminate();
        continue;
      }
      connection.alive = false;
      connection.socket.ping();
    }
  }

  list(): ConnectionInfo[] {
    return [...this.connections.values()].map((c) => ({
      id: c.id,
      workflowId: c.workflowId,
      path: c.path,
      address: c.address,
      openedAt: c.openedAt,
      rooms: [...c.rooms],
    }));
  }

  terminateAll(): void {
    for (const connection of this.connections.values()) connection.socket.terminate();
  }
}
