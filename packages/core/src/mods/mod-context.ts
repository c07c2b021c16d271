import type { ValueLimits } from '../json/depth.ts';
import type { Logger } from '../logger.ts';
import type { Services } from '../ops/op-context.ts';
import type { ModContext, ModDefinition, ModHost } from './define-mod.ts';

export interface ModContextSources {
  modOptions: Record<string, Record<string, unknown>> | undefined;
  dataDir: string | undefined;
  databaseUrl: string | undefined;
  safeMode: boolean;
  limits: Readonly<ValueLimits>;
  services: Services;
  log: Logger;
  host: ModHost;
}

/** The context one mod's services, hooks and routes get: its own options, and a log that names the mod. */
export function createModContext(mod: ModDefinition, sources: ModContextSources): ModContext {
  const { log } = sources;
  const tag = { mod: mod.name };
  return {
    mod: mod.name,
    options: sources.modOptions?.[mod.name] ?? {},
    dataDir: sources.dataDir,
    databaseUrl: sources.databaseUrl,
    safeMode: sources.safeMode,
    limits: sources.limits,
    services: sources.services,
    host: sources.host,
    log: {
      debug: (m, f) => log.debug(m, { ...tag, ...f }),
      info: (m, f) => log.info(m, { ...tag, ...f }),
      warn: (m, f) => log.warn(m, { ...tag, ...f }),
      error: (m, f) => log.error(m, { ...tag, ...f }),
    },
  };
}
