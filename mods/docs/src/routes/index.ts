import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { SEARCH_SCRIPT } from '../render/search-script.ts';
import { STYLES } from '../render/styles.ts';
import { SearchQuerySchema } from '../schemas.ts';
import type { Rendered, Site } from '../site/build-site.ts';

/** The `/docs` routes, over the site the `docs` service builds once. */
export function docsRoutes(site: () => Promise<Site>): Hono {
  const app = new Hono();
  const styles: Rendered = { status: 200, type: 'text/css', body: STYLES, etag: `"${createHash('sha1').update(STYLES).digest('base64url')}"` };
  const search: Rendered = {
    status: 200,
    type: 'text/javascript',
    body: SEARCH_SCRIPT,
    etag: `"${createHash('sha1').update(SEARCH_SCRIPT).digest('base64url')}"`,
  };

  app.get('/docs', async (c) => send(c, (await site()).page('/docs') as Rendered));
  app.get('/docs/', (c) => c.redirect('/docs', 301));
  app.get('/docs/style.css', (c) => send(c, styles, 'public, max-age=3600'));
  app.get('/docs/search.js', (c) => send(c, search, 'public, max-age=3600'));
  app.get('/docs/llms.txt', async (c) => send(c, (await site()).llms));
  app.get('/docs/ops.json', async (c) => send(c, (await site()).opsJson));
  app.get('/docs/search', async (c) => send(c, (await site()).searchPage(SearchQuerySchema.parse(c.req.query('q')))));
  app.get('/docs/search.json', async (c) => {
    const query = SearchQuerySchema.parse(c.req.query('q'));
    return c.json({ query, results: (await site()).search.search(query) });
  });
  app.get('/docs/*', async (c) => {
    const built = await site();
    const path = c.req.path.replace(/\/+$/, '');
    return send(c, built.page(path) ?? built.notFound(path));
  });
  return app;
}

function send(c: Context, page: Rendered, cacheControl = 'no-cache'): Response {
  const headers = {
    'content-type': `${page.type}; charset=utf-8`,
    etag: page.etag,
    'cache-control': cacheControl,
    'x-content-type-options': 'nosniff',
  };
  if (page.status === 200 && c.req.header('if-none-match') === page.etag) return c.body(null, 304, headers);
  return c.body(page.body, page.status as 200, headers);
}
