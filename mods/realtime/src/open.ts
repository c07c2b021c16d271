import { type ModContext, missingDatabase, parseInput } from '@pattern/core';
import type { RealtimeDriver } from './drivers/driver.ts';
import { createMemoryDriver } from './drivers/memory.ts';
import { createPostgresDriver } from './drivers/postgres.ts';
import { createSqliteDriver } from './drivers/sqlite.ts';
import { type RealtimeOptions, RealtimeOptionsSchema } from './schemas.ts';
import { RealtimeService } from './service.ts';

/** Turns the mod's options and the server's settings into the service and its driver. */
export async function openRealtime(ctx: ModContext): Promise<RealtimeService> {
  const options = parseInput(RealtimeOptionsSchema, ctx.options, 'options.realtime', { whole: true });
  const service = new RealtimeService(ctx, options, await openDriver(options, ctx));
  await service.start();
  return service;
}

function openDriver({ driver, serverTimeoutMs }: RealtimeOptions, ctx: ModContext): Promise<RealtimeDriver> {
  const chosen = driver ?? (ctx.databaseUrl ? 'postgres' : ctx.dataDir ? 'sqlite' : 'memory');
  if (chosen === 'memory') return Promise.resolve(createMemoryDriver());
  if (chosen === 'sqlite') {
    if (!ctx.dataDir) throw missingDatabase('options.realtime.driver', chosen, 'dataDir');
    return Promise.resolve(createSqliteDriver());
  }
  if (!ctx.databaseUrl) throw missingDatabase('options.realtime.driver', chosen, 'databaseUrl');
  return createPostgresDriver(ctx.databaseUrl, { serverTimeoutMs });
}
