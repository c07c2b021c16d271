import { ErrorBodySchema } from '@pattern/core';
import { z } from 'zod';
import { StoredEventSchema, StreamSchema } from '../schemas.ts';

/** What the event store's routes answer, as the server's OpenAPI document describes them. */

const Next = <T extends z.ZodType>(cursor: T) => cursor.nullable().describe('Where the next page starts; null on the last one.');

export const EventPageSchema = z
  .object({ events: z.array(StoredEventSchema), next: Next(z.number().int()) })
  .describe('One page of the events that match, in log order.');

export const StreamPageSchema = z.object({ streams: z.array(StreamSchema), next: Next(z.string()) }).describe('One page of the streams.');

export const StreamEventsSchema = z
  .object({ type: z.string(), id: z.string(), version: z.number().int().describe('The stream’s version now.'), events: z.array(StoredEventSchema) })
  .describe('The events of one stream, in the range asked for.');

export const ParkedListSchema = z
  .object({
    parked: z.array(
      z.object({
        id: z.string(),
        consumer: z.string(),
        eventId: z.string(),
        position: z.number().int(),
        attempts: z.number().int(),
        error: ErrorBodySchema,
        parkedAt: z.string(),
      }),
    ),
  })
  .describe('The events a consumer gave up on, waiting for a retry.');

export const RetryAnswerSchema = z
  .object({ ok: z.boolean(), runId: z.string(), status: z.string(), error: ErrorBodySchema.optional() })
  .describe('The run the retried event started, settled.');

export const SubscriptionSchema = z
  .object({
    kind: z.enum(['projection', 'workflow']),
    name: z.string(),
    version: z.number().int(),
    position: z.number().int().describe('The last event position it handled.'),
    head: z.number().int().describe('The log’s last position.'),
    lag: z.number().int(),
    caughtUp: z.boolean(),
    state: z.enum(['starting', 'running', 'failing', 'standby', 'paused', 'parked', 'stopped']),
    pause: z.object({ kind: z.enum(['paused', 'parked']), reason: z.string(), since: z.string() }).nullable(),
    error: ErrorBodySchema.nullable(),
  })
  .describe('A projection or event-triggered workflow following the log.');

export const SubscriptionListSchema = z
  .object({ projections: z.array(SubscriptionSchema), safeMode: z.boolean() })
  .describe('Every projection and event-triggered workflow, and whether safe mode holds them.');

export const AggregateSchema = z
  .object({ type: z.string(), id: z.string(), state: z.unknown(), version: z.number().int(), found: z.boolean() })
  .describe('The aggregate’s state, folded from its events.');

export const CommandAnswerSchema = z
  .object({
    type: z.string(),
    id: z.string(),
    ok: z.literal(true),
    events: z.array(StoredEventSchema),
    state: z.unknown(),
    version: z.number().int(),
  })
  .describe('The command was accepted: the events it appended, and the state after them.');

export type Subscription = z.infer<typeof SubscriptionSchema>;
export type SubscriptionList = z.infer<typeof SubscriptionListSchema>;
export type StreamEvents = z.infer<typeof StreamEventsSchema>;
export type ParkedList = z.infer<typeof ParkedListSchema>;
export type RetryAnswer = z.infer<typeof RetryAnswerSchema>;
