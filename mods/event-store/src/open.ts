import { join } from 'node:path';
import { type ModContext, missingDatabase, parseInput } from '@pattern/core';
import type { AggregateDefinition } from './aggregates/define-aggregate.ts';
import type { EventDriver } from './drivers/driver.ts';
import { createMemoryDriver } from './drivers/memory.ts';
import { createPostgresDriver } from './drivers/postgres.ts';
import { createSqliteDriver } from './drivers/sqlite.ts';
import type { ProjectionDefinition } from './projections/define-projection.ts';
import { type EventStoreOptions, EventStoreOptionsSchema } from './schemas.ts';
import { EventStoreService } from './service.ts';

export interface EventStoreModOptions {
  /** Aggregates the commands and `aggregate.*` ops work on. */
  aggregates?: AggregateDefinition[];
  /** Projections that follow the log from a durable checkpoint. */
  projections?: ProjectionDefinition[];
}

/** Builds the `events` service from the mod's options and the aggregates and projections the application defines. */
export async function openEventStore(ctx: ModContext, definitions: EventStoreModOptions): Promise<EventStoreService> {
  const options = parseInput(EventStoreOptionsSchema, ctx.options, 'options.event-store');
  const driver = await openDriver(options.storage, ctx);
  return new EventStoreService(
    driver,
    {
      aggregates: definitions.aggregates ?? [],
      projections: definitions.projections ?? [],
      ...options,
      safeMode: ctx.safeMode,
      maxStoredDepth: ctx.limits.maxStoredDepth,
    },
    ctx.log,
  );
}

async function openDriver(storage: EventStoreOptions['storage'], ctx: ModContext): Promise<EventDriver> {
  const chosen = storage ?? (ctx.databaseUrl ? 'postgres' : ctx.dataDir ? 'sqlite' : 'memory');
  if (chosen === 'postgres') {
    if (!ctx.databaseUrl) throw missingDatabase('options.event-store.storage', chosen, 'databaseUrl');
    return createPostgresDriver(ctx.databaseUrl);
  }
  if (chosen === 'sqlite') {
    if (!ctx.dataDir) throw missingDatabase('options.event-store.storage', chosen, 'dataDir');
    return createSqliteDriver(join(ctx.dataDir, 'events.db'));
  }
  return createMemoryDriver();
}
