import { fileURLToPath } from 'node:url';
import { defineMod } from '@pattern/core';
import { openDocs } from './open.ts';
import { docsOps } from './ops/index.ts';
import { docsRoutes } from './routes/index.ts';

/** Serves the handbook, every mod's chapters and the live op reference at `/docs`. */
export const docsMod = defineMod({
  name: 'docs',
  version: '0.1.0',
  description: 'The handbook, each mod’s chapters and a reference generated from the installed ops, at /docs.',
  ops: docsOps,
  services: { docs: { setup: openDocs } },
  http: {
    routes: (ctx) => {
      const site = () => ctx.services.get('docs').site();
      // Built in the background once the server mounts the routes, so the first reader does not wait.
      site().catch((error: unknown) => ctx.log.error('docs: building the site failed', { error: String(error) }));
      return docsRoutes(site);
    },
  },
  docs: fileURLToPath(new URL('../docs', import.meta.url)),
});

export default docsMod;
export { DocsService } from './service.ts';
export { buildSite, type Site } from './site/build-site.ts';
