import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineMod, type ModContext, type ModDefinition } from '@pattern/core';
import type { AggregateDefinition } from './aggregates/define-aggregate.ts';
import type { EventDriver } from './drivers/driver.ts';
import { createMemoryDriver } from './drivers/memory.ts';
import { createPostgresDriver } from './drivers/postgres.ts';
import { createSqliteDriver } from './drivers/sqlite.ts';
import { orderAggregate } from './examples/orders.ts';
import { eventStoreRoutes } from './http/routes.ts';
import { eventStoreOps } from './ops/index.ts';
import { type EventStoreOptions, EventStoreOptionsSchema } from './options.ts';
import type { ProjectionDefinition } from './projections/define-projection.ts';
import { EventStoreService } from './service.ts';
import { parseField } from './validation.ts';

declare module '@pattern/core' {
  interface ServiceMap {
    events: EventStoreService;
  }
}

export interface EventStoreModOptions {
  /** Aggregates the commands and `aggregate.*` ops work on. */
  aggregates?: AggregateDefinition[];
  /** Projections that follow the log from a durable checkpoint. */
  projections?: ProjectionDefinition[];
}

/**
 * The event-store mod, with the aggregates and projections an application defines:
 * `eventStoreMod({ aggregates: [order], projections: [orderList] })`.
 */
export function eventStoreMod(definitions: EventStoreModOptions = {}): ModDefinition {
  return defineMod({
    name: 'event-store',
    version: '0.1.0',
    description: 'Event streams, aggregates with snapshots, projections and event-triggered workflows.',
    ops: eventStoreOps,
    services: {
      events: {
        setup: async (ctx) => {
          const options = parseField(EventStoreOptionsSchema, ctx.options, 'options.event-store');
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
        },
        teardown: (service: EventStoreService) => service.close(),
      },
    },
    hooks: {
      onStart: (ctx) => ctx.services.get('events').start(ctx.services, ctx.engine),
      onStop: (ctx) => ctx.services.get('events').stop(),
    },
    routes: eventStoreRoutes,
    docs: fileURLToPath(new URL('../docs', import.meta.url)),
  });
}

async function openDriver(storage: EventStoreOptions['storage'], ctx: ModContext): Promise<EventDriver> {
  const chosen = storage ?? (ctx.databaseUrl ? 'postgres' : ctx.dataDir ? 'sqlite' : 'memory');
  if (chosen === 'postgres') {
    if (!ctx.databaseUrl) throw new Error('options.event-store.storage: "postgres" needs a database URL (PATTERN_DATABASE_URL)');
    return createPostgresDriver(ctx.databaseUrl);
  }
  if (chosen === 'sqlite') {
    if (!ctx.dataDir) throw new Error('options.event-store.storage: "sqlite" needs a data dir (dataDir)');
    return createSqliteDriver(join(ctx.dataDir, 'events.db'));
  }
  return createMemoryDriver();
}

/**
 * The mod as `pattern.config.json` loads it by name: with the `Order` aggregate of the worked
 * Orders example, so the aggregate ops can be tried on a fresh install. An application that
 * defines its own aggregates loads its own `eventStoreMod({ … })` instead.
 */
export default eventStoreMod({ aggregates: [orderAggregate] });

export { AggregateStore, type ExecuteResult, type LoadResult } from './aggregates/aggregate-store.ts';
export { type AggregateDefinition, type AggregateSpec, type CommandContext, DomainError, defineAggregate } from './aggregates/define-aggregate.ts';
export type { Checkpoint, ConsumerClaim, ConsumerPause, EventDriver } from './drivers/driver.ts';
export { createMemoryDriver } from './drivers/memory.ts';
export { createPostgresDriver } from './drivers/postgres.ts';
export { createSqliteDriver } from './drivers/sqlite.ts';
export { type AppendOptions, EventLog, type EventPage, type ReadAllOptions, type StreamReadOptions, type TagQueryOptions } from './event-log.ts';
export { mailerAggregate, welcomeWorkflow } from './examples/mailer.ts';
export { type OrderState, orderAggregate } from './examples/orders.ts';
export { type EventStoreOptions, EventStoreOptionsSchema } from './options.ts';
export { defineProjection, type ProjectionContext, type ProjectionDefinition, type ProjectionSpec } from './projections/define-projection.ts';
export * from './schema.ts';
export { EventStoreService, type SubscriptionStatus } from './service.ts';
