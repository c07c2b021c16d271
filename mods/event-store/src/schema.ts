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

export type ExpectedVersion = z.infer<typeof ExpectedVersionSchema>;
export type Metadata = z.infer<typeof MetadataSchema>;
export type NewEvent = z.input<typeof NewEventSchema>;
export type StoredEvent = z.infer<typeof StoredEventSchema>;
export type Tag = z.infer<typeof TagSchema>;
export type StreamInfo = z.infer<typeof StreamSchema>;

export const MAX_PAGE = 1000;
export const DEFAULT_PAGE = 100;
