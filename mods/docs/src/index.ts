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
    // Built on the first request and kept: the site holds megabytes most servers never serve, and takes under a second to build.
    routes: (ctx) => docsRoutes(() => ctx.services.get('docs').site()),
  },
  docs: fileURLToPath(new URL('../docs', import.meta.url)),
});

export default docsMod;
export { DocsService } from './service.ts';
export { buildSite, type Site } from './site/build-site.ts';
