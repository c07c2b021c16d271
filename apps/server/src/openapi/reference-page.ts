import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Hono } from 'hono';
import { errorResponse } from '../http/errors.ts';

/** Scalar's browser build, which draws the reference from the document. */
const BUNDLE_PACKAGE = '@scalar/api-reference';

/** Pattern's mark, as the app and the docs show it; without one the browser asks for a /favicon.ico that is not there. */
const ICON = `<link rel="icon" href="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Crect width='32' height='32' rx='8' fill='%236366f1'/%3E%3Cpath d='M9 10h6v6H9zM17 16h6v6h-6z' fill='white'/%3E%3C/svg%3E" />`;

const CONFIGURATION = {
  url: '/api/openapi.json',
  // Fonts come from the page's own origin or not at all: the docs' policy allows no other.
  withDefaultFonts: false,
  metaData: { title: 'Pattern API reference' },
  // Nothing of the reference reaches beyond this server: no AI agent, no telemetry, no proxy, no developer tools.
  agent: { disabled: true },
  telemetry: false,
  proxyUrl: '',
  showDeveloperTools: 'never',
};

/*
 * The docs' content security policy runs scripts of the server's own origin only, so the page
 * loads the reference from here and starts it from a script file, not inline.
 */
const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Pattern API reference</title>
    ${ICON}
  </head>
  <body>
    <div id="app"><p style="font-family: system-ui, sans-serif; margin: 2rem">Loading the API reference… The document itself is at <a href="/api/openapi.json">/api/openapi.json</a>.</p></div>
    <script src="/docs/api/reference.js"></script>
    <script src="/docs/api/start.js"></script>
  </body>
</html>`;

/** Without the browser build the page says so, and where the document is, instead of loading what is not there. */
const UNAVAILABLE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Pattern API reference</title>
    ${ICON}
  </head>
  <body style="font-family: system-ui, sans-serif; margin: 2rem; line-height: 1.5">
    <h1>API reference</h1>
    <p>The interactive reference needs the package <code>${BUNDLE_PACKAGE}</code> on the server. The OpenAPI document it draws is at <a href="/api/openapi.json">/api/openapi.json</a>.</p>
  </body>
</html>`;

const START = `Scalar.createApiReference('#app', ${JSON.stringify(CONFIGURATION)});\n`;

function bundlePath(): string | undefined {
  try {
    return createRequire(import.meta.url).resolve(`${BUNDLE_PACKAGE}/browser/standalone.js`);
  } catch {
    return undefined;
  }
}

/** `/docs/api`: the interactive reference of `/api/openapi.json`. */
export function referenceRoutes() {
  // Read once, on the first request, and kept for the server's life: the file is a few megabytes.
  let bundle: Promise<string | undefined> | undefined;
  const loadBundle = () => {
    const path = bundlePath();
    return path === undefined ? Promise.resolve(undefined) : readFile(path, 'utf8').catch(() => undefined);
  };
  return new Hono()
    .get('/docs/api', async (c) => {
      bundle ??= loadBundle();
      return c.html((await bundle) === undefined ? UNAVAILABLE : PAGE);
    })
    .get('/docs/api/start.js', (c) => c.body(START, 200, { 'content-type': 'text/javascript; charset=utf-8' }))
    .get('/docs/api/reference.js', async (c) => {
      bundle ??= loadBundle();
      const script = await bundle;
      if (script === undefined) {
        return errorResponse(
          c,
          404,
          'reference_unavailable',
          `The interactive reference needs the package ${BUNDLE_PACKAGE}; the document is at /api/openapi.json`,
        );
      }
      return c.body(script, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=3600' });
    });
}
