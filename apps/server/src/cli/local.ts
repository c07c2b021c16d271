import { createEngine, createLogger, type Engine, type LogSink, type ModDefinition } from '@pattern/core';
import { reservedPathsOf } from '../http/reserved-paths.ts';
import { loadMods, modOptionsFor } from '../load-mods.ts';
import { openStores } from '../persistence/open-stores.ts';
import { loadSecretKey } from '../secrets/key.ts';
import { Secrets } from '../secrets/secrets.ts';
import type { Settings } from '../settings.ts';

export interface LocalEngine {
  engine: Engine;
  mods: ModDefinition[];
  close(): Promise<void>;
}

/** Files in git name secrets the machine running a check may not hold: without data, every name counts as known. */
const ANY_SECRET = { has: () => true, reveal: async () => undefined };

/**
 * An engine with the configured mods, without the HTTP server. With `data`, its saved workflows
 * and secrets are those of the data dir or database, as the server sees them; its runs are kept
 * in memory, not in history, and it starts in safe mode, so nothing consumes events or fires
 * schedules beside a server that may be running on the same data. Without `data`, nothing is
 * read or written: every mod keeps what it needs in memory.
 */
export async function openLocalEngine(settings: Settings, options: { data: boolean }): Promise<LocalEngine> {
  // Only errors: the safe-mode notice and the like are for a server's operator, not for a command's output.
  const sink: LogSink = (level, message) => {
    if (level === 'error') process.stderr.write(`error: ${message}\n`);
  };
  const log = createLogger(sink);
  const mods = await loadMods(settings);
  let engine: Engine | undefined;
  const shared = {
    mods,
    log,
    modOptions: modOptionsFor(settings, mods),
    limits: { maxValueDepth: settings.maxValueDepth, maxStoredDepth: settings.maxStoredDepth },
    maxCallDepth: settings.maxCallDepth,
    // Checked against the engine's own mods' routes once it exists, as the server checks them.
    routeCheck: (method: string, path: string) => (engine ? reservedPathsOf(engine).refusal(method, path) : undefined),
    safeMode: true,
  };
  if (!options.data) {
    const bare = createEngine({ ...shared, secrets: ANY_SECRET });
    engine = bare;
    await bare.start();
    return { engine: bare, mods, close: () => bare.stop() };
  }
  const stores = await openStores(settings, log);
  let secrets: Secrets;
  try {
    secrets = await Secrets.open(stores.secrets, loadSecretKey(settings.secretKey, stores.dataDir, log), log);
  } catch (error) {
    await stores.close();
    throw error;
  }
  const withData = createEngine({
    ...shared,
    dataDir: stores.dataDir,
    databaseUrl: settings.databaseUrl,
    workflowStore: stores.workflows,
    secrets,
  });
  engine = withData;
  await withData.start();
  return {
    engine: withData,
    mods,
    close: async () => {
      await withData.stop();
      secrets.close();
      await stores.close();
    },
  };
}
