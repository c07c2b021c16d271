import { join } from 'node:path';
import { type ModContext, missingDatabase, parseInput } from '@pattern/core';
import type { CounterDriver } from './drivers/driver.ts';
import { createMemoryDriver } from './drivers/memory.ts';
import { createPostgresDriver } from './drivers/postgres.ts';
import { createSqliteDriver } from './drivers/sqlite.ts';
import { CounterOptionsSchema } from './schemas.ts';
import { CounterService } from './service.ts';

/** Turns the mod's options and the server's settings into the service and its driver. */
export async function openCounter(ctx: ModContext): Promise<CounterService> {
  const options = parseInput(CounterOptionsSchema, ctx.options, 'options.counter', { whole: true });
  return new CounterService(await openDriver(options.driver, ctx));
}

function openDriver(driver: 'memory' | 'sqlite' | 'postgres' | undefined, ctx: ModContext): Promise<CounterDriver> {
  const chosen = driver ?? (ctx.databaseUrl ? 'postgres' : ctx.dataDir ? 'sqlite' : 'memory');
  if (chosen === 'memory') return Promise.resolve(createMemoryDriver());
  if (chosen === 'sqlite') {
    if (!ctx.dataDir) throw missingDatabase('options.counter.driver', chosen, 'dataDir');
    return Promise.resolve(createSqliteDriver(join(ctx.dataDir, 'counter.db')));
  }
  if (!ctx.databaseUrl) throw missingDatabase('options.counter.driver', chosen, 'databaseUrl');
  return createPostgresDriver(ctx.databaseUrl);
}
