import type { Engine, Logger } from '@pattern/core';
import { Hono } from 'hono';
import { apiRoutes } from './api/api-routes.ts';
import { AdminAuth } from './http/admin-auth.ts';
import { AppRouter } from './http/app-router.ts';
import { bodyLimit } from './http/body-limit.ts';
import { onError, onNotFound } from './http/errors.ts';
import { loginRoutes } from './http/login-routes.ts';
import { modRoutes } from './http/mod-routes.ts';
import { type LineWriter, requestLog } from './http/request-log.ts';
import { RequestSource } from './http/request-source.ts';
import { reservedPathsOf } from './http/reserved-paths.ts';
import { securityHeaders } from './http/security-headers.ts';
import { webSocketUpgrades } from './http/web-sockets.ts';
import { mcpRoutes } from './mcp/mcp-routes.ts';
import { httpMetrics } from './metrics/http-metrics.ts';
import { metricsRoutes } from './metrics/metrics-routes.ts';
import type { ServerMetrics } from './metrics/server-metrics.ts';
import type { PackageStore } from './packages/package-store.ts';
import { createMemoryScheduleStore } from './persistence/schedules/memory.ts';
import { createMemoryTokenStore } from './persistence/tokens/memory.ts';
import { Presence } from './presence/presence.ts';
import { presenceRoutes } from './presence/presence-routes.ts';
import { localPresenceRelay } from './presence/relays.ts';
import { WorkflowControl } from './schedules/workflow-control.ts';
import { WorkflowStates } from './schedules/workflow-states.ts';
import { Secrets } from './secrets/secrets.ts';
import type { LoopMonitor } from './stats/loop-monitor.ts';
import { loopRoutes } from './stats/loop-routes.ts';
import { Tokens } from './tokens/tokens.ts';
import type { RunTracer } from './tracing/run-tracer.ts';
import { webAppRoutes } from './web-app.ts';
import type { WorkflowSources } from './workflow-files/workflow-folder.ts';
import { WorkflowRouter } from './workflow-routes.ts';

export interface AppOptions {
  engine: Engine;
  packages: PackageStore;
  /** Named secrets; without them (an app tested on its own) the app keeps its own, in memory. */
  secrets?: Secrets;
  /** Scoped API tokens; without them (an app tested on its own) the app keeps its own, in memory. */
  tokens?: Tokens;
  /** Prometheus metrics, served at `/metrics`; none to measure nothing. */
  metrics?: ServerMetrics | undefined;
  /** `/metrics` without a token. */
  metricsPublic?: boolean;
  /** Exports runs as OpenTelemetry traces; a request's `traceparent` continues the caller's trace. */
  tracer?: RunTracer | undefined;
  /** Paused workflows and schedules; without it (an app tested on its own) every workflow is active and nothing is scheduled. */
  control?: WorkflowControl;
  /** Which workflows come from the `workflowsDir` folder. */
  workflowFiles?: WorkflowSources;
  /** Who has which workflow open; without it (an app tested on its own) only this app's sessions count. */
  presence?: Presence;
  log: Logger;
  /** Event-loop stalls, served at `/api/stats/loop`; none for an app tested on its own. */
  loop?: LoopMonitor;
  version: string;
  bodyLimitBytes: number;
  adminToken: string | undefined;
  /** A reverse proxy in front sets `X-Forwarded-Host`, `-Proto` and `-For`; without it they are ignored. */
  trustProxy?: boolean;
  /** Where request lines go; none for a quiet server. */
  requestLines: LineWriter | undefined;
  webDist?: string;
}

/**
 * The HTTP surface, in the order requests meet it: request log, the API, mods' routes,
 * saved workflows' routes, then the web app.
 */
export function createApp(options: AppOptions): Hono {
  const { engine } = options;
  const control = options.control ?? idleControl(engine, options.log);
  const source = new RequestSource(options.trustProxy ?? false);
  const tokens = options.tokens ?? new Tokens(createMemoryTokenStore(), { log: options.log });
  const auth = options.adminToken ? new AdminAuth(options.adminToken, source, undefined, tokens) : undefined;
  const secure = securityHeaders(source);
  const app = new Hono({ router: new AppRouter(reservedPathsOf(engine)) });
  app.onError(onError(options.log));
  app.notFound(onNotFound);
  if (options.requestLines) app.use('*', requestLog(options.requestLines));
  if (options.metrics) app.use('*', httpMetrics(options.metrics));
  if (options.tracer) app.use('*', options.tracer.middleware());
  for (const path of ['/api/*', '/login', '/logout', '/docs', '/docs/*']) app.use(path, secure);
  // Every body is capped, workflow routes' too, except uploads a mod streams under its own cap (blobs).
  const streamed = new Set(engine.registry.mods.flatMap((mod) => mod.http?.streamingUploads ?? []));
  app.use('*', bodyLimit({ maxBytes: options.bodyLimitBytes, streamed }));
  if (auth) {
    const guard = auth.guard();
    app.use('/api/*', (c, next) => (c.req.path === '/api/health' ? next() : guard(c, next)));
    for (const mod of engine.registry.mods) for (const path of mod.http?.guardedPaths?.(engine.context(mod)) ?? []) app.use(path, guard);
    app.route('/', loginRoutes(auth));
  }
  const secrets = options.secrets ?? Secrets.inMemory(options.log);
  app.route(
    '/',
    apiRoutes({
      engine,
      packages: options.packages,
      secrets,
      tokens,
      control,
      version: options.version,
      auth: auth !== undefined,
      workflowFiles: options.workflowFiles,
      app: () => app,
    }),
  );
  app.route('/', presenceRoutes(engine, options.presence ?? new Presence(localPresenceRelay())));
  if (options.loop) app.route('/', loopRoutes(options.loop));
  if (options.metrics) app.route('/', metricsRoutes(options.metrics, options.metricsPublic ? undefined : auth?.guard()));
  app.route('/', mcpRoutes({ app: () => app, version: options.version, guard: auth?.guard(), bodyLimitBytes: options.bodyLimitBytes }));
  for (const { routes } of modRoutes(engine)) app.route('/', routes);
  app.use('*', webSocketUpgrades(engine, auth, reservedPathsOf(engine), source));
  app.use('*', new WorkflowRouter(engine, auth, reservedPathsOf(engine), (id) => control.isActive(id)).middleware());
  app.route('/', webAppRoutes({ dist: options.webDist, secure, guard: auth?.guard() }));
  return app;
}

function idleControl(engine: Engine, log: Logger): WorkflowControl {
  const store = createMemoryScheduleStore();
  return new WorkflowControl(engine, new WorkflowStates(store, log), store, undefined);
}
