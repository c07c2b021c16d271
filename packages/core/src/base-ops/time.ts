import { ulid } from 'ulid';
import { z } from 'zod';
import { defineOp } from '../ops/define-op.ts';

export const timeNow = defineOp({
  name: 'time.now',
  title: 'Now',
  category: 'time',
  description: 'The current time, as ISO 8601 text and as milliseconds since the epoch.',
  inputs: { after: { kind: 'control', description: 'Wire to take the time only after another node.' } },
  outputs: {
    iso: { schema: z.string(), description: 'For example 2026-01-31T12:00:00.000Z.' },
    ms: { schema: z.number(), description: 'Milliseconds since 1970-01-01.' },
  },
  examples: [{ title: 'The time' }],
  run: (_inputs, ctx) => {
    const now = ctx.now();
    return { iso: new Date(now).toISOString(), ms: now };
  },
});

export const idUlid = defineOp({
  name: 'id.ulid',
  title: 'New id',
  category: 'id',
  description: 'A new ULID: unique, and sorting by it sorts by creation time.',
  inputs: { after: { kind: 'control', description: 'Wire to make the id only after another node.' } },
  outputs: { id: { schema: z.string(), description: 'A 26-character ULID.' } },
  examples: [{ title: 'An id' }],
  run: () => ({ id: ulid() }),
});
