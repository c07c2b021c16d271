import { IdSchema, JsonObjectSchema } from '@pattern/core';
import { z } from 'zod';

/** Aggregate types are names in code (`Order`, `billing.Invoice`), so they stay identifiers. */
export const AggregateTypeSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, 'start with a letter; then letters, digits, _ . -');

/** Aggregate ids travel in URLs (`/api/events/streams/:type/:id`), so they follow the id rules of workflows. */
export const AggregateIdSchema = IdSchema;

export const EventTypeSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z][A-Za-z0-9_.:-]*$/, 'start with a letter; then letters, digits, _ . : -');

export const ExpectedVersionSchema = z.union([z.number().int().min(0), z.enum(['any', 'no_stream', 'exists'])]);

/** Kept as given, every key included (`__proto__` too: `z.record` would drop it). */
export const PayloadSchema = JsonObjectSchema;

export const MetadataSchema = z.looseObject({
  createdBy: z.string().optional(),
  correlationId: z.string().optional(),
  causationId: z.string().optional(),
  /** How many event-triggered runs lie between this event and the first of its chain (0, or unset, for that first one). */
  causationDepth: z.number().int().min(0).optional(),
  runId: z.string().optional(),
  nodeId: z.string().optional(),
});

export const EventIdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, 'use letters, digits, and . _ : - (not first)');

/** An event as a caller hands it to `append`. */
export const NewEventSchema = z.object({
  id: EventIdSchema.optional().describe('Supply one to make the append idempotent; a ULID is made otherwise.'),
  type: EventTypeSchema,
  payload: PayloadSchema.default({}),
  metadata: MetadataSchema.optional(),
  schemaVersion: z.number().int().min(1).default(1),
});

/** An event as it is stored and read back. Events are never updated. */
export const StoredEventSchema = z.object({
  id: z.string(),
  aggregateType: z.string(),
  aggregateId: z.string(),
  version: z.number().int(),
  position: z.number().int(),
  type: z.string(),
  payload: PayloadSchema,
  metadata: MetadataSchema,
  schemaVersion: z.number().int(),
  created: z.string(),
});

export const TagSchema = z.record(z.string().regex(/(Id|_id)$/, 'tag names end in Id or _id'), z.union([z.string(), z.number()]));

export const StreamSchema = z.object({
  type: z.string(),
  id: z.string(),
  version: z.number().int(),
  lastEventAt: z.string(),
});

/** Query parameters of the HTTP API: `?from=12`, a whole number. */
export const WholeNumberParamSchema = z
  .string()
  .regex(/^\d+$/, 'expected a whole number')
  .transform((text) => Number(text));
/** `?direction=`: which way to page. */
export const DirectionParamSchema = z.enum(['forward', 'backward'], 'expected forward or backward');
/** The body of `POST …/pause`. */
export const PauseSchema = z.strictObject(
  {
    reason: z
      .string('expected text')
      .max(500, 'expected text of 1 to 500 characters')
      .trim()
      .min(1, 'expected text of 1 to 500 characters')
      .optional(),
  },
  'not a field of a pause; give only "reason"',
);

export type ExpectedVersion = z.infer<typeof ExpectedVersionSchema>;
export type Metadata = z.infer<typeof MetadataSchema>;
export type NewEvent = z.input<typeof NewEventSchema>;
export type StoredEvent = z.infer<typeof StoredEventSchema>;
export type Tag = z.infer<typeof TagSchema>;
export type StreamInfo = z.infer<typeof StreamSchema>;

export const MAX_PAGE = 1000;
export const DEFAULT_PAGE = 100;

/** The config of an `events.on` trigger node. */
export const EventsOnConfigSchema = z.object({
  types: z.array(EventTypeSchema).min(1).describe('The event types that start a run.'),
  aggregateType: AggregateTypeSchema.optional().describe('Only events of streams of this aggregate type.'),
  from: z
    .enum(['now', 'start'])
    .default('now')
    .describe('Where a newly saved trigger begins: `now` reacts to events appended after the save, `start` first works through the whole log.'),
});

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
