import { answers, CatalogOpSchema, describes, ErrorValueSchema, NodeStatusSchema, RunRecordSchema } from '@pattern/core';
import { z } from 'zod';

/** What the API's routes answer, by contract, as the OpenAPI document describes them. */

export const HealthSchema = z
  .object({ ok: z.literal(true), version: z.string(), auth: z.boolean().describe('Whether the admin surface needs the token.') })
  .describe('The server is up.');

export const OpListSchema = z.object({ ops: z.array(CatalogOpSchema) }).describe('Every op of the catalog, with its ports as JSON Schema.');

export const RunSchema = RunRecordSchema.describe('The run, with its node traces: settled, or still running when it was started with `wait: false`.');

export const RunPageSchema = z
  .object({
    runs: z.array(RunRecordSchema.omit({ nodes: true, graph: true })),
    next: z.string().nullable().describe('The cursor of the next page; null on the last one.'),
  })
  .describe('One page of run summaries, newest first.');

/** The events of `GET /api/runs/:id/events`: every node's status changes, then the settled run. */
export const RunEventSchemas = {
  node: z
    .object({
      nodeId: z.string(),
      status: NodeStatusSchema,
      durationMs: z.number().optional(),
      error: ErrorValueSchema.optional(),
    })
    .describe('A node’s status changed; the first ones tell where the run is when the stream opens.'),
  settled: z.object({ run: RunRecordSchema }).describe('The run settled, with its record; always the last event.'),
};

export type Health = z.infer<typeof HealthSchema>;
export type RunNodeEvent = z.infer<typeof RunEventSchemas.node>;
export type RunSettledEvent = z.infer<typeof RunEventSchemas.settled>;

/** Every refusal and failure, on every route: `{ error: { code, message, details } }`. */
export const ErrorAnswerSchema = z
  .object({
    error: z.object({
      code: z.string().describe('What went wrong, for code to branch on: `not_found`, `conflict`, `bad_request`, …'),
      message: z.string().describe('One sentence a person understands.'),
      details: z.unknown().describe('What the code needs to act on it (the problems, the field, the clash); null when there is nothing more.'),
    }),
  })
  .describe('A refusal or failure.');

export type ErrorAnswer = z.infer<typeof ErrorAnswerSchema>;

/** Marks a route with a refusal it really gives: the status, and when (`refuses(404, 'There is no such run.')`). */
export const refuses = (status: number, when: string) => answers(ErrorAnswerSchema.describe(when), status);

/**
 * Marks the body a route takes, for one the handler checks itself rather than by a validator:
 * a workflow document, saved with its problems, is checked by the engine, not refused at the door.
 */
export const takes = (schema: z.ZodType) => describes((_context: unknown, next: () => Promise<void>) => next(), 'body', schema);

/** Marks a route that answers `204 No Content`. */
export const answersNothing = (what: string) => answers(z.void().describe(what), 204);
