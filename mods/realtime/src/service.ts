import { randomBytes } from 'node:crypto';
import { type ModContext, parseInput, type WebSocketServerSide } from '@pattern/core';
import { z } from 'zod';
import { Endpoints } from './connections/endpoints.ts';
import { frameOf } from './connections/frames.ts';
import { Hub } from './connections/hub.ts';
import { RouteTable } from './connections/route-table.ts';
import type { Command, RealtimeDriver } from './drivers/driver.ts';
import { CloseCodeSchema, CloseReasonSchema, ConnectionIdSchema, type RealtimeOptions, RoomSchema, type ServerConnections } from './schemas.ts';

export interface Outcome {
  ok: boolean;
}

const SendSchema = z.strictObject({ connection: ConnectionIdSchema, data: z.unknown() });
const MembershipSchema = z.strictObject({ connection: ConnectionIdSchema, room: RoomSchema });
const BroadcastSchema = z.strictObject({ room: RoomSchema, data: z.unknown(), except: ConnectionIdSchema.optional() });
const CloseSchema = z.strictObject({ connection: ConnectionIdSchema, code: CloseCodeSchema.default(1000), reason: CloseReasonSchema.default('') });

/**
 * The `realtime` service: the connections this server holds, and the way to reach any connection
 * of the cluster. A connection id names its server (`<server>.<n>`), so a command for it goes to
 * that server alone; a broadcast goes to every server, each writing to its own members.
 */
export class RealtimeService {
  /** This server's id in the cluster, new at every start. */
  readonly server = randomBytes(6).toString('hex');
  readonly hub: Hub;
  readonly routes: RouteTable;
  readonly endpoints: Endpoints;
  private readonly driver: RealtimeDriver;
  private readonly options: RealtimeOptions;
  private sequence = 0;
  private pinger: ReturnType<typeof setInterval> | undefined;

  constructor(ctx: ModContext, options: RealtimeOptions, driver: RealtimeDriver) {
    this.options = options;
    this.driver = driver;
    this.hub = new Hub({ maxBufferedBytes: options.maxBufferedBytes });
    this.routes = new RouteTable(ctx.host);
    this.endpoints = new Endpoints(ctx, options, this.hub, this.routes, driver, () => `${this.server}.${++this.sequence}`);
  }

  async start(): Promise<void> {
    await this.driver.start(this.server, (command) => this.apply(command));
    this.pinger = setInterval(() => this.hub.sweep(), this.options.pingIntervalMs);
    this.pinger.unref();
  }

  /** The server tells the endpoints which paths are its own. */
  serve(server: WebSocketServerSide): Endpoints {
    this.routes.refusal = (path) => server.routeRefusal(path);
    return this.endpoints;
  }

  routeRefusal(path: string): string | undefined {
    return this.routes.refusal(path);
  }

  async send(input: { connection: string; data: unknown }): Promise<Outcome> {
    const { connection, data } = parseInput(SendSchema, input, 'send', { whole: true });
    return this.reach({ kind: 'send', connection, frame: frameOf(data) });
  }

  async join(input: { connection: string; room: string }): Promise<Outcome> {
    const { connection, room } = parseInput(MembershipSchema, input, 'join', { whole: true });
    return this.reach({ kind: 'join', connection, room });
  }

  async leave(input: { connection: string; room: string }): Promise<Outcome> {
    const { connection, room } = parseInput(MembershipSchema, input, 'leave', { whole: true });
    return this.reach({ kind: 'leave', connection, room });
  }

  async close(input: { connection: string; code?: number; reason?: string }): Promise<Outcome> {
    const { connection, code, reason } = parseInput(CloseSchema, input, 'close', { whole: true });
    return this.reach({ kind: 'close', connection, code, reason });
  }

  /** Writes to the members of `room` on this server and has every other server write to theirs; `sent` counts this server's. */
  async broadcast(input: { room: string; data: unknown; except?: string }): Promise<Outcome & { sent: number }> {
    const { room, data, except } = parseInput(BroadcastSchema, input, 'broadcast', { whole: true });
    const command: Command = { kind: 'broadcast', room, frame: frameOf(data), ...(except ? { except } : {}) };
    const sent = this.hub.broadcast(room, command.frame, except);
    await this.driver.publish(command, undefined);
    return { ok: true, sent };
  }

  /** Every server's connections, this one first. */
  async connections(): Promise<ServerConnections[]> {
    return [{ server: this.server, connections: this.hub.list() }, ...(await this.driver.others())];
  }

  async stop(): Promise<void> {
    if (this.pinger) clearInterval(this.pinger);
    this.routes.close();
    this.hub.terminateAll();
    this.endpoints.close();
    await this.driver.close();
  }

  /** A command for one connection: applied here when it is this server's, else sent to the server that holds it. */
  private async reach(command: Exclude<Command, { kind: 'broadcast' }>): Promise<Outcome> {
    if (this.hub.get(command.connection)) return { ok: this.apply(command) };
    const owner = command.connection.split('.')[0];
    if (owner === this.server || !(await this.driver.held(command.connection))) return { ok: false };
    await this.driver.publish(command, owner);
    return { ok: true };
  }

  private apply(command: Command): boolean {
    if (command.kind === 'broadcast') return this.hub.broadcast(command.room, command.frame, command.except) > 0;
    const connection = this.hub.get(command.connection);
    if (!connection) return false;
    if (command.kind === 'send') return this.hub.write(connection, command.frame);
    if (command.kind === 'close') {
      connection.socket.close(command.code, command.reason);
      return true;
    }
    if (command.kind === 'join') this.hub.join(connection, command.room);
    else this.hub.leave(connection, command.room);
    this.driver.rooms(connection.id, [...connection.rooms]).catch(() => {});
    return true;
  }
}

declare module '@pattern/core' {
  interface ServiceMap {
    realtime: RealtimeService;
  }
}
