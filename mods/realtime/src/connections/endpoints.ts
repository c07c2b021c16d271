import { jsonTextTooDeep, type ModContext, type WebSocketEndpoints, type WebSocketUpgrade } from '@pattern/core';
import type { WSEvents } from 'hono/ws';
import { type WebSocket, WebSocketServer } from 'ws';
import type { RealtimeDriver } from '../drivers/driver.ts';
import type { RealtimeOptions, WsEvent } from '../schemas.ts';
import { errorFrame, parseMessage } from './frames.ts';
import type { Connection, Hub } from './hub.ts';
import type { RouteTable } from './route-table.ts';

/** Policy violation: what a client that floods the server is closed with. */
const CLOSE_POLICY = 1008;

type Refused = { refused: { status: number; code: string; message: string; details?: unknown } };

/**
 * The server's side of every `ws.route` endpoint: who may connect, and each connection's life.
 * Every event (open, each message, close) starts a run of its own.
 */
export class Endpoints implements WebSocketEndpoints {
  readonly server: WebSocketServer;
  private readonly ctx: ModContext;
  private readonly options: RealtimeOptions;
  private readonly hub: Hub;
  private readonly routes: RouteTable;
  private readonly driver: RealtimeDriver;
  private readonly nextId: () => string;

  constructor(ctx: ModContext, options: RealtimeOptions, hub: Hub, routes: RouteTable, driver: RealtimeDriver, nextId: () => string) {
    this.ctx = ctx;
    this.options = options;
    this.hub = hub;
    this.routes = routes;
    this.driver = driver;
    this.nextId = nextId;
    // A frame over the limit is refused by `ws` as it arrives (close 1009), before it is buffered whole.
    this.server = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes, perMessageDeflate: false });
  }

  match(path: string): { auth: boolean } | undefined {
    const found = this.routes.match(path);
    return found ? { auth: found.route.auth } : undefined;
  }

  accept(upgrade: WebSocketUpgrade): { events: WSEvents<WebSocket> } | Refused {
    const url = new URL(upgrade.request.url);
    const found = this.routes.match(url.pathname);
    if (!found) return refuse(404, 'not_found', `No workflow serves a WebSocket at ${url.pathname}`);
    const { route, params } = found;
    if (!this.ctx.host.workflows.isActive(route.workflowId)) {
      return refuse(503, 'workflow_paused', `The workflow that serves ${url.pathname} is paused`, { workflowId: route.workflowId });
    }
    if (upgrade.origin !== undefined && !upgrade.sameOrigin && !this.options.allowedOrigins.includes(upgrade.origin)) {
      return refuse(403, 'origin_not_allowed', `Pages from ${upgrade.origin} may not connect; list the origin in options.realtime.allowedOrigins`, {
        origin: upgrade.origin,
      });
    }
    if (this.hub.connectionsFrom(upgrade.address) >= this.options.maxConnectionsPerAddress) {
      return refuse(429, 'too_many_connections', `${upgrade.address} has ${this.options.maxConnectionsPerAddress} connections open already`, {
        limit: this.options.maxConnectionsPerAddress,
      });
    }
    const query: Record<string, string> = {};
    for (const [name, value] of url.searchParams) query[name] ??= value;
    const headers: Record<string, string> = {};
    upgrade.request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    if (upgrade.gone.aborted) return refuse(400, 'gone', 'The client left during the handshake');
    let connection: Connection | undefined;
    this.hub.reserve(upgrade.address);
    upgrade.gone.addEventListener(
      'abort',
      () => {
        if (!connection) this.hub.release(upgrade.address);
      },
      { once: true },
    );
    const start = (input: WsEvent) => this.startRun(route.workflowId, input, connection);
    return {
      events: {
        onOpen: (_event, ws) => {
          const socket = ws.raw as WebSocket;
          const opened: Connection = {
            id: this.nextId(),
            socket,
            workflowId: route.workflowId,
            path: url.pathname,
            address: upgrade.address,
            openedAt: new Date().toISOString(),
            rooms: new Set(),
            alive: true,
            windowStartedAt: Date.now(),
            windowCount: 0,
          };
          connection = opened;
          socket.on('pong', () => {
            opened.alive = true;
          });
          this.hub.add(opened);
          this.driver.opened(info(opened)).catch((error) => this.warn('record', error));
          start({ event: 'open', connection: opened.id, params, query, headers });
        },
        onMessage: (event) => {
          if (!connection) return;
          if (!this.withinRate(connection)) return;
          const data: unknown = event.data;
          if (typeof data !== 'string') {
            this.hub.write(connection, errorFrame('binary_not_accepted', 'This endpoint takes text messages (JSON or plain text), not binary ones'));
            return;
          }
          if (jsonTextTooDeep(data, this.ctx.limits.maxValueDepth)) {
            this.hub.write(connection, errorFrame('too_deep', `The message nests deeper than ${this.ctx.limits.maxValueDepth} levels`));
            return;
          }
          const message = parseMessage(data);
          const problem = route.check?.(message);
          if (problem) {
            this.hub.write(connection, errorFrame('invalid_message', `The message does not match the endpoint's messageSchema: ${problem}`));
            return;
          }
          start({ event: 'message', connection: connection.id, data: message });
        },
        onClose: (event) => {
          if (!connection || !this.hub.remove(connection.id)) return;
          this.driver.closed(connection.id).catch((error) => this.warn('forget', error));
          start({ event: 'close', connection: connection.id, code: event.code, reason: event.reason });
        },
      },
    };
  }

  /** At most `maxMessagesPerSecond` per connection; the first message over it closes the connection with 1008. */
  private withinRate(connection: Connection): boolean {
    const now = Date.now();
    if (now - connection.windowStartedAt >= 1000) {
      connection.windowStartedAt = now;
      connection.windowCount = 0;
    }
    connection.windowCount++;
    if (connection.windowCount <= this.options.maxMessagesPerSecond) return true;
    if (connection.windowCount === this.options.maxMessagesPerSecond + 1) {
      this.hub.write(connection, errorFrame('rate_limited', `More than ${this.options.maxMessagesPerSecond} messages in a second`));
      connection.socket.close(CLOSE_POLICY, 'too many messages');
    }
    return false;
  }

  private startRun(workflowId: string, input: WsEvent, connection: Connection | undefined): void {
    try {
      const run = this.ctx.host.startRun({ workflowId, input, trigger: { kind: 'ws', detail: input.connection } });
      run.done.catch((error: unknown) => this.warn('run', error));
    } catch (error) {
      // No place for the run (the server is busy or stopping): the client hears it, the server goes on.
      const { code, message } = error as { code?: string; message?: string };
      if (connection && input.event !== 'close')
        this.hub.write(connection, errorFrame(code ?? 'unavailable', message ?? 'The event could not start a run'));
    }
  }

  private warn(what: string, error: unknown): void {
    this.ctx.log.warn(`realtime: could not ${what}`, { error: (error as Error).message });
  }

  close(): void {
    this.server.close();
  }
}

function info(c: Connection) {
  return { id: c.id, workflowId: c.workflowId, path: c.path, address: c.address, openedAt: c.openedAt, rooms: [...c.rooms] };
}

function refuse(status: number, code: string, message: string, details?: unknown): Refused {
  return { refused: { status, code, message, ...(details === undefined ? {} : { details }) } };
}
