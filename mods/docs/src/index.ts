import { fileURLToPath } from 'node:url';
import { defineMod, type Engine, type ModContext } from '@pattern/core';
import { docsRoutes } from './routes.ts';
import { buildSite, type Site } from './site/build-site.ts';

const HANDBOOK = fileURLToPath(new URL('../handbook', import.meta.url));
const OWN_DOCS = fileURLToPath(new URL('../docs', import.meta.url));

const sites = new WeakMap<Engine, () => Promise<Site>>();

/**
 * The site of one engine, built once: the installed mods and their ops do not change while it
 * runs. A failed build is not kept, so the next request tries again.
 */
function siteOf(ctx: ModContext): () => Promise<Site> {
  let get = sites.get(ctx.engine);
  if (!get) {
    let site: Promise<Site> | undefined;
    get = () => {
      site ??= buildSite({ engine: ctx.engine, log: ctx.log, handbook: HANDBOOK }).catch((error: unknown) => {
        site = undefined;
        throw error;
      });
      return site;
    };
    sites.set(ctx.engine, get);
  }
  return get;
}

/** Serves the handbook, every mod's chapters and the live op reference at `/docs`. */
export const docsMod = defineMod({
  name: 'docs',
  version: '0.1.0',
  description: 'The handbook, each mod’s chapters and a reference generated from the installed ops, at /docs.',
  docs: OWN_DOCS,
  routes: (ctx) => {
    const site = siteOf(ctx);
    // Built in the background once the server mounts the routes, so the first reader does not wait.
    site().catch((error: unknown) => ctx.log.error('docs: building the site failed', { error: String(error) }));
    return docsRoutes(site);
  },
});

export default docsMod;
export { buildSite, type Site } from './site/build-site.ts';
