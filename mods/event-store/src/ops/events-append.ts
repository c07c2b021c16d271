import { defineOp } from '@pattern/core';
import { z } from 'zod';
import { metadataFromRun } from '../log/run-metadata.ts';
import { AggregateIdSchema, AggregateTypeSchema, ExpectedVersionSchema, NewEventSchema, StoredEventSchema } from '../schemas.ts';
import { after, onceKey } from './ports.ts';

export const eventsAppend = defineOp({
  name: 'events.append',
  title: 'Append events',
  category: 'events',
  description:
    'Appends events to a stream, atomically: all of them or none. With `expectedVersion` the append only happens if the stream is at that version (a number, `no_stream`, `exists`, or `any`); a mismatch is a value on `conflict`, not a node error. Events with ids seen before and the same content are not written twice. Metadata (`runId`, `nodeId`, `correlationId`, `causationId`) comes from the run unless an event sets it. Safe to re-run in a durable run: a node that runs again after a crash answers the events its first execution appended and appends nothing.',
  inputs: {
    aggregateType: { schema: AggregateTypeSchema, description: "The stream's aggregate type, like `Order`." },
    aggregateId: { schema: AggregateIdSchema, description: "The stream's aggregate id, like `o-1`." },
    events: {
      schema: z.union([NewEventSchema, z.array(NewEventSchema)]),
      description: 'One event or a list: `{ type, payload, id?, metadata?, schemaVersion? }`.',
    },
    expectedVersion: {
      schema: ExpectedVersionSchema.optional(),
      description: 'The version the stream must be at: a number, `no_stream`, `exists` or `any` (the default).',
    },
    after,
  },
  outputs: {
    ok: { schema: z.boolean(), description: 'True when the events were appended (or had been, for a retried append).' },
    events: { schema: z.array(StoredEventSchema), description: 'The stored events, with their version and global position.' },
    version: { schema: z.number().int(), description: "The stream's version after the append, or its actual version on a conflict." },
    conflict: {
      schema: z.object({ expected: ExpectedVersionSchema, actual: z.number().int(), stream: z.string() }),
      description: 'Emitted instead of `events` when the stream was not at `expectedVersion`.',
    },
  },
  examples: [
    {
      title: 'Start a stream',
      inputs: {
        aggregateType: 'Order',
        aggregateId: 'o-1',
        events: [{ type: 'OrderPlaced', payload: { orderId: 'o-1', customerId: 'c-7', total: 42 } }],
        expectedVersion: 'no_stream',
      },
      outputs: {
        ok: true,
        version: 1,
        events: [
          { aggregateType: 'Order', aggregateId: 'o-1', version: 1, type: 'OrderPlaced', payload: { orderId: 'o-1', customerId: 'c-7', total: 42 } },
        ],
      },
    },
    {
      title: 'A conflict is a value',
      description: 'The stream does not exist, so `exists` does not hold.',
      inputs: { aggregateType: 'Order', aggregateId: 'o-404', events: { type: 'OrderShipped', payload: {} }, expectedVersion: 'exists' },
      outputs: { ok: false, version: 0, conflict: { expected: 'exists', actual: 0, stream: 'Order/o-404' } },
    },
  ],
  run: async (inputs, ctx) => {
    const events = Array.isArray(inputs.events) ? inputs.events : [inputs.events];
    const result = await ctx.services.get('events').tryAppend({ aggregateType: inputs.aggregateType, aggregateId: inputs.aggregateId }, events, {
      expectedVersion: inputs.expectedVersion ?? 'any',
      metadata: metadataFromRun(ctx),
      idempotencyKey: onceKey(ctx),
    });
    return result.ok
      ? { ok: true, events: result.events, version: result.version }
      : { ok: false, version: result.conflict.actual, conflict: result.conflict };
  },
});
