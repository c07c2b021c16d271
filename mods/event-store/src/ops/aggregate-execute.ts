import { defineOp, ErrorValueSchema } from '@pattern/core';
import { z } from 'zod';
import { metadataFromRun } from '../log/run-metadata.ts';
import { AggregateIdSchema, AggregateTypeSchema, StoredEventSchema } from '../schemas.ts';
import { after, onceKey } from './ports.ts';

export const aggregateExecute = defineOp({
  name: 'aggregate.execute',
  title: 'Execute command',
  category: 'aggregate',
  description:
    'Runs a command on an aggregate: loads it, lets the command decide which events follow, and appends them expecting the loaded version; on a version conflict it reloads and decides again (3 times, with backoff). A command the aggregate refuses is a value on `refused`, not a node error. Safe to re-run in a durable run: a node that runs again after a crash decides nothing and answers the events its first execution appended, with the state they led to.',
  inputs: {
    type: { schema: AggregateTypeSchema, description: 'The aggregate type (`Order`).' },
    id: { schema: AggregateIdSchema, description: 'The aggregate id.' },
    command: { schema: z.string().min(1).max(200), description: 'The command name, as the aggregate defines it (`place`, `ship`).' },
    payload: { description: "The command's data." },
    after,
  },
  outputs: {
    ok: { schema: z.boolean(), description: 'True when the command was accepted.' },
    state: { description: 'The state after the command (or as it was, when refused).' },
    version: { schema: z.number().int(), description: 'The version after the command.' },
    events: { schema: z.array(StoredEventSchema), description: 'The events the command appended; not emitted when refused.' },
    refused: {
      schema: ErrorValueSchema,
      description: 'Why the command was refused (`domain_error`) or could not be applied (`conflict`); emitted instead of `events`.',
    },
  },
  examples: [
    {
      title: 'Place an order',
      description: 'Uses the `Order` aggregate of the Orders example, which the default mod registers.',
      inputs: { type: 'Order', id: 'o-1', command: 'place', payload: { customerId: 'c-7', items: [{ sku: 'tea', price: 4 }] } },
      outputs: {
        ok: true,
        version: 1,
        state: { status: 'placed', customerId: 'c-7', items: [{ sku: 'tea', price: 4 }], total: 4 },
        events: [{ aggregateType: 'Order', aggregateId: 'o-1', version: 1, type: 'OrderPlaced' }],
      },
    },
    {
      title: 'A refused command is a value',
      description: 'Shipping an order that was never placed.',
      inputs: { type: 'Order', id: 'o-2', command: 'ship', payload: {} },
      outputs: {
        ok: false,
        version: 0,
        state: { status: 'none', items: [], total: 0 },
        refused: { code: 'domain_error', message: 'Order o-2 has not been placed', details: null },
      },
    },
  ],
  run: async (inputs, ctx) => {
    const result = await ctx.services
      .get('events')
      .execute(inputs.type, inputs.id, inputs.command, inputs.payload ?? {}, { metadata: metadataFromRun(ctx), idempotencyKey: onceKey(ctx) });
    return result.ok
      ? { ok: true, state: result.state ?? null, version: result.version, events: result.events }
      : { ok: false, state: result.state ?? null, version: result.version, refused: result.error };
  },
});
