import { type Engine, type Logger, PatternError } from '@pattern/core';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { apiRoutes } from './api/api-routes.ts';
import { AdminAuth } from './http/admin-auth.ts';
import { onError, onNotFound } from './http/errors.ts';
import { loginRoutes } from './http/login-routes.ts';
import { modRoutes } from './http/mod-routes.ts';
import { type LineWriter, requestLog } from './http/request-log.ts';
import { RequestSource } from './http/request-source.ts';
import { reservedPathsOf } from './http/reserved-paths.ts';
import { securityHeaders } from './http/security-headers.ts';
import type { PackageStore } from './packages/package-store.ts';
import { webAppRoutes } from './web-app.ts';
import { WorkflowRouter } from './workflow-routes.ts';

export interface AppOptions {
  engine: Engine;
  packages: PackageStore;
  log: Logger;
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
  const source = new RequestSource(options.trustProxy ?? false);
  const auth = options.adminToken ? new AdminAuth(options.adminToken, source) : undefined;
  const secure = securityHeaders(source);
  const app = new Hono();
  app.onError(onError(options.log));
  app.notFound(onNotFound);
  if (options.requestLines) app.use('*', requestLog(options.requestLines));
  for (const path of ['/api/*', '/login', '/logout', '/docs', '/docs/*']) app.use(path, secure);
  const limitBody = bodyLimit({
    maxSize: options.bodyLimitBytes,
    onError: () => {
      throw new PatternError('too_large', `The request body is over the limit of ${options.bodyLimitBytes} bytes`, {
        limitBytes: options.bodyLimitBytes,
      });
    },
  });
  // Every body is capped, workflow routes' too, except uploads a mod streams under its own cap (blobs).
  const streamed = new Set(engine.registry.mods.flatMap((mod) => mod.http?.streamingUploads ?? []));
  const bodiless = new Set(['GET', 'HEAD', 'OPTIONS']);
  // Reading a bodiless request's body would build a whole Request object for nothing: the hot routes are GETs.
  app.use('*', (c, next) => (bodiless.has(c.req.method) || (c.req.method === 'POST' && streamed.has(c.req.path)) ? next() : limitBody(c, next)));
  if (auth) {
    const guard = auth.guard();
    app.use('/api/*', (c, next) => (c.req.path === '/api/health' ? next() : guard(c, next)));
    for (const mod of engine.registry.mods) for (const path of mod.http?.guardedPaths?.(engine.context(mod)) ?? []) app.use(path, guard);
    app.route('/', loginRoutes(auth));
  }
  app.route('/', apiRoutes({ engine, packages: options.packages, version: options.version, auth: auth !== undefined }));
  for (const { routes } of modRoutes(engine)) app.route('/', routes);
  app.use('*', new WorkflowRouter(engine, auth, reservedPathsOf(engine)).middleware());
  app.route('/', webAppRoutes({ dist: options.webDist, secure, guard: auth?.guard() }));
  return app;
}
