import { fileURLToPath } from 'node:url';
import { defineMod, type ModDefinition } from '@pattern/core';
import { orderAggregate } from '../examples/orders.ts';
import { type EventStoreModOptions, openEventStore } from './open.ts';
import { eventStoreOps } from './ops/index.ts';
import { eventStoreRoutes } from './routes/index.ts';
import type { EventStoreService } from './service.ts';

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
        setup: (ctx) => openEventStore(ctx, definitions),
        teardown: (service: EventStoreService) => service.close(),
      },
    },
    hooks: {
      onStart: (ctx) => ctx.services.get('events').start(ctx.services, ctx.host),
      onStop: (ctx) => ctx.services.get('events').stop(),
    },
    http: { routes: eventStoreRoutes },
    docs: fileURLToPath(new URL('../docs', import.meta.url)),
  });
}

/**
 * The mod as `pattern.config.json` loads it by name: with the `Order` aggregate of the worked
 * Orders example, so the aggregate ops can be tried on a fresh install. An application that
 * defines its own aggregates loads its own `eventStoreMod({ … })` instead.
 */
export default eventStoreMod({ aggregates: [orderAggregate] });

export { mailerAggregate, welcomeWorkflow } from '../examples/mailer.ts';
export { type OrderState, orderAggregate } from '../examples/orders.ts';
export { AggregateStore, type ExecuteResult, type LoadResult } from './aggregates/aggregate-store.ts';
export { type AggregateDefinition, type AggregateSpec, type CommandContext, DomainError, defineAggregate } from './aggregates/define-aggregate.ts';
export type { Checkpoint, ConsumerClaim, ConsumerPause, EventDriver } from './drivers/driver.ts';
export { createMemoryDriver } from './drivers/memory.ts';
export { createPostgresDriver } from './drivers/postgres.ts';
export { createSqliteDriver } from './drivers/sqlite.ts';
export {
  type AppendConflict,
  type AppendOptions,
  type AppendOutcome,
  EventLog,
  type EventPage,
  type ReadAllOptions,
  type StreamReadOptions,
  type TagQueryOptions,
} from './log/event-log.ts';
export type { EventStoreModOptions } from './open.ts';
export { defineProjection, type ProjectionContext, type ProjectionDefinition, type ProjectionSpec } from './projections/define-projection.ts';
export * from './schemas.ts';
export { EventStoreService, type SubscriptionStatus } from './service.ts';
