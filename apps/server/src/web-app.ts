import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type MiddlewareHandler } from 'hono';

export const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** The web app's own paths: its page, its build's files, and its client-side routes (apps/web's router). */
export const WEB_APP_PATHS = [
  '/',
  '/index.html',
  '/assets/*',
  '/favicon.*',
  '/workflows',
  '/workflows/*',
  '/runs',
  '/runs/*',
  '/data',
  '/data/*',
  '/live',
  '/secrets',
  '/tokens',
];

export interface WebAppOptions {
  dist?: string | undefined;
  secure: MiddlewareHandler;
  /** Set when an admin token guards the app; static assets stay public (they hold no data). */
  guard?: MiddlewareHandler | undefined;
}

/** Serves the built web app, and its `index.html` for client-side routes (`/workflows/x`). */
export function webAppRoutes({ dist = WEB_DIST, secure, guard }: WebAppOptions): Hono {
  const app = new Hono();
  app.use('*', secure);
  if (guard) app.use('*', (c, next) => (c.req.path.startsWith('/assets/') ? next() : guard(c, next)));
  const indexFile = `${dist}/index.html`;
  if (!existsSync(indexFile)) {
    return app.get('/', (c) =>
      c.html(
        '<!doctype html><title>Pattern</title><p>The web app is not built yet: run <code>npm run build</code>, or start with <code>npm start</code>.</p>',
      ),
    );
  }
  const index = readFileSync(indexFile, 'utf8');
  app.use('/assets/*', async (c, next) => {
    await next();
    if (c.res.ok) c.header('cache-control', 'public, max-age=31536000, immutable');
  });
  app.use('*', serveStatic({ root: dist }));
  app.get('*', (c) => {
    const accept = c.req.header('accept') ?? '';
    if (c.req.path.startsWith('/api/') || !accept.includes('text/html')) return c.notFound();
    return c.html(index);
  });
  return app;
}
