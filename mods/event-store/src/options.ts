import { z } from 'zod';

export const DEFAULT_MAX_CAUSATION_DEPTH = 32;

/** `options["event-store"]` in `pattern.config.json`. */
export const EventStoreOptionsSchema = z.strictObject({
  storage: z
    .enum(['postgres', 'sqlite', 'memory'])
    .optional()
    .describe('Where events live; PostgreSQL when the server has a database URL, else SQLite when it has a data dir, else memory.'),
  retryDelayMs: z
    .number()
    .int()
    .min(1)
    .max(60_000)
    .default(200)
    .describe('First retry delay of failing projections, event-triggered runs and conflicting commands; doubles on each retry.'),
  pollMs: z.number().int().min(10).max(60_000).default(1000).describe('How often followers look for events appended by other processes.'),
  triggerRetries: z.number().int().min(0).max(20).default(3).describe('Retries of a failing event-triggered run before its event is parked.'),
  maxCausationDepth: z
    .number()
    .int()
    .min(1)
    .max(100_000)
    .default(DEFAULT_MAX_CAUSATION_DEPTH)
    .describe(
      'How deep a chain of event-triggered runs may go (an event causing a run whose events cause a run, and so on) before its trigger is parked.',
    ),
});

export type EventStoreOptions = z.output<typeof EventStoreOptionsSchema>;
