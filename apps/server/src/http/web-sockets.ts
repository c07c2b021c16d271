import { upgradeWebSocket, type WebSocketLike, type WebSocketServerLike } from '@hono/node-server';
import type { Engine, WebSocketEndpoints } from '@pattern/core';
import type { Context, MiddlewareHandler, Next } from 'hono';
import type { WSEvents } from 'hono/ws';
import { type AdminAuth, refuse, SESSION_COOKIE } from './admin-auth.ts';
import { errorResponse } from './errors.ts';
import type { RequestSource } from './request-source.ts';
import { type ReservedPaths, reservedPathsOf } from './reserved-paths.ts';

const built = new WeakMap<Engine, WebSocketEndpoints | undefined>();

/** The one mod's WebSocket endpoints, built once per engine: the listener needs its `ws` server, the app its routes. */
export function webSocketsOf(engine: Engine): WebSocketEndpoints | undefined {
  if (built.has(engine)) return built.get(engine);
  const owners = engine.registry.mods.filter((mod) => mod.http?.webSockets);
  if (owners.length > 1) throw new Error(`only one mod may serve WebSockets; ${owners.map((mod) => mod.name).join(' and ')} both do`);
  const owner = owners[0];
  const endpoints = owner?.http?.webSockets?.(engine.context(owner), { routeRefusal: (path) => reservedPathsOf(engine).refusal('GET', path) });
  built.set(engine, endpoints);
  return endpoints;
}

/** The `ws` server node-server completes handshakes with, when a mod serves WebSockets. */
export function webSocketServerOf(engine: Engine): WebSocketServerLike | undefined {
  return webSocketsOf(engine)?.server as WebSocketServerLike | undefined;
}

/**
 * Hands upgrade requests to the mod's endpoints. Like workflow routes, a path Pattern serves itself
 * never reaches them, and an endpoint with `auth` needs the admin token or a session.
 */
export function webSocketUpgrades(engine: Engine, auth: AdminAuth | undefined, reserved: ReservedPaths, source: RequestSource): MiddlewareHandler {
  const upgrade = async (c: Context, next: Next, endpoints: WebSocketEndpoints, endpoint: { auth: boolean }) => {
    if (endpoint.auth) {
      const refusal = await auth?.refusal(c);
      if (refusal) return refuse(c, refusal);
    }
    const origin = c.req.header('origin');
    const decision = endpoints.accept({
      request: new Request(c.req.url, { headers: withoutCredentials(c.req.raw.headers, endpoint.auth) }),
      address: source.address(c),
      origin,
      sameOrigin: origin !== undefined && source.sameOrigin(c),
      gone: socketGone(c.env),
    });
    if ('refused' in decision) {
      const { status, code, message, details } = decision.refused;
      return errorResponse(c, status, code, message, details ?? null);
    }
    return upgradeWebSocket(() => decision.events as WSEvents<WebSocketLike>)(c, next);
  };
  // Not an async function: every request passes here, and all but upgrades pass at once, costing no promise of their own.
  return (c, next) => {
    const endpoints = webSocketsOf(engine);
    if (!endpoints || c.req.method !== 'GET' || c.req.header('upgrade')?.toLowerCase() !== 'websocket') return next();
    const endpoint = reserved.covers(c.req.path) ? undefined : endpoints.match(c.req.path);
    return endpoint ? upgrade(c, next, endpoints, endpoint) : next();
  };
}

/** Upgraded sockets are no longer the HTTP server's to close: without this, stopping would wait for every client to leave. */
export function dropWebSockets(engine: Engine): void {
  const server = webSocketsOf(engine)?.server as { clients?: Set<{ terminate(): void }> } | undefined;
  for (const client of server?.clients ?? []) client.terminate();
}

/**
 * The workflow sees the request's headers in run history: the session cookie never, and the admin
 * token not where it was what let the client in. Both would hand whoever reads history the admin surface.
 */
function withoutCredentials(given: Headers, checked: boolean): Headers {
  const headers = new Headers(given);
  if (checked) headers.delete('authorization');
  const cookie = headers.get('cookie');
  if (cookie !== null) {
    const kept = cookie
      .split(';')
      .map((part) => part.trim())
      .filter((part) => part !== '' && !part.startsWith(`${SESSION_COOKIE}=`));
    if (kept.length > 0) headers.set('cookie', kept.join('; '));
    else headers.delete('cookie');
  }
  return headers;
}

/** Node's socket under the request: a handshake that fails never reaches the mod's events, but its socket still closes. */
function socketGone(env: unknown): AbortSignal {
  const gone = new AbortController();
  const socket = (env as { incoming?: { socket?: { destroyed: boolean; once(event: 'close', listener: () => void): unknown } } } | undefined)
    ?.incoming?.socket;
  if (!socket || socket.destroyed) gone.abort();
  else socket.once('close', () => gone.abort());
  return gone.signal;
}
