import { fileURLToPath } from 'node:url';
import type { ModContext } from '@pattern/core';
import { DocsService } from './service.ts';
import { buildSite } from './site/build-site.ts';

const HANDBOOK = fileURLToPath(new URL('../handbook', import.meta.url));

/** The docs keep nothing on disk: the site is built in memory from the handbook and what the loaded mods declare. */
export function openDocs(ctx: ModContext): DocsService {
  return new DocsService(() => buildSite({ host: ctx.host, log: ctx.log, handbook: HANDBOOK }));
}
