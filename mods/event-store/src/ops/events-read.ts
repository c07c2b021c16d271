import { defineOp } from '@pattern/core';
import { z } from 'zod';
import { AggregateIdSchema, AggregateTypeSchema, MAX_PAGE, StoredEventSchema } from '../schemas.ts';

export const eventsRead = defineOp({
  name: 'events.read',
  title: 'Read a stream',
  category: 'events',
  description: 'Reads the events of one stream, oldest first or newest first, between two versions, up to a limit.',
  inputs: {
    aggregateType: { schema: AggregateTypeSchema, description: "The stream's aggregate type." },
    aggregateId: { schema: AggregateIdSchema, description: "The stream's aggregate id." },
    fromVersion: { schema: z.number().int().min(1).optional(), description: 'The first version to read (default 1).' },
    toVersion: { schema: z.number().int().min(1).optional(), description: 'The last version to read (default: the latest).' },
    direction: { schema: z.enum(['forward', 'backward']).optional(), description: '`forward` (oldest first, the default) or `backward`.' },
    limit: { schema: z.number().int().min(1).max(MAX_PAGE).optional(), description: `At most this many events (default and maximum ${MAX_PAGE}).` },
  },
  outputs: {
    events: { schema: z.array(StoredEventSchema), description: 'The events, in the order asked for; empty for a stream that does not exist.' },
  },
  examples: [{ title: 'A stream with no events yet', inputs: { aggregateType: 'Order', aggregateId: 'o-1' }, outputs: { events: [] } }],
  run: async (inputs, ctx) => {
    const events = await ctx.services.get('events').read(
      { aggregateType: inputs.aggregateType, aggregateId: inputs.aggregateId },
      {
        ...(inputs.fromVersion !== undefined ? { fromVersion: inputs.fromVersion } : {}),
        ...(inputs.toVersion !== undefined ? { toVersion: inputs.toVersion } : {}),
        ...(inputs.direction ? { direction: inputs.direction } : {}),
        ...(inputs.limit !== undefined ? { limit: inputs.limit } : {}),
      },
    );
    return { events };
  },
});
