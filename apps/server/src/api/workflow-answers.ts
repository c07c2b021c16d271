import { ErrorBodySchema, ProblemSchema, RunRecordSchema, RunStatusSchema, ScheduleTriggerConfigSchema, WorkflowSchema } from '@pattern/core';
import { z } from 'zod';

/** What the workflow routes answer, by contract, as the OpenAPI document describes them and the web app reads them. */

const at = z.string().describe('An ISO 8601 time.');

export const WorkflowSummarySchema = z.object({
  id: z.string(),
  name: z.string().describe('The document’s name, else its id.'),
  description: z.string().nullable(),
  route: z.string().nullable().describe('The route it serves now, as `GET /hello/:name`; null when it serves none.'),
  readOnly: z.boolean().describe('Shipped by a mod: shown and run, never changed over the API.'),
  mod: z.string().nullable().describe('The mod that ships it.'),
  createdAt: at,
  updatedAt: at,
  activeVersion: z.number().int().nullable().describe('The published version routes and triggers run; null until the first publish.'),
  versions: z.number().int().describe('How many versions were published.'),
  revision: z.string().describe('Changes on every save; the `ETag`, for `If-Match`.'),
  valid: z.boolean().describe('False while the draft has problems: until the first publish it then serves no route, schedule or event.'),
  problems: z.array(ProblemSchema).describe('What keeps the draft from running, each located in the document.'),
  warnings: z.array(ProblemSchema).describe('What may go wrong in a valid draft without stopping it: a route response a run can skip.'),
  refusal: ErrorBodySchema.nullable().describe('Why the active version cannot run (tampered, or an op no longer installed).'),
});

const SourceSchema = z.enum(['database', 'file']).describe('Where the draft lives: the database, or a file of the `workflowsDir` folder.');

export const WorkflowListSchema = z
  .object({
    workflows: z.array(
      WorkflowSummarySchema.extend({
        source: SourceSchema,
        active: z.boolean().describe('False while paused: no route, schedule or event trigger runs it.'),
        nextFireAt: at.nullable().describe('When its schedule fires next; null without one.'),
        lastRun: z.object({ id: z.string(), status: RunStatusSchema, startedAt: at }).nullable(),
      }),
    ),
  })
  .describe('Every saved workflow, the mods’ among them.');

export const WorkflowDetailSchema = WorkflowSummarySchema.extend({ source: SourceSchema, document: WorkflowSchema }).describe(
  'The workflow with its draft document; the `ETag` header is its revision.',
);

export const SavedWorkflowSchema = WorkflowSummarySchema.extend({ document: WorkflowSchema }).describe(
  'The saved draft (kept even with problems, which it lists); the `ETag` header is its new revision.',
);

export const WorkflowCheckSchema = z
  .object({
    problems: z.array(ProblemSchema).describe('What keeps the document from saving as valid, running or publishing.'),
    warnings: z.array(ProblemSchema).describe('What may go wrong in a valid document without stopping it; none while it has problems.'),
  })
  .describe('The document’s problems and warnings; nothing is saved.');

export const VersionInfoSchema = z.object({
  version: z.number().int(),
  hash: z.string().describe('The SHA-256 of what the engine runs of the document.'),
  note: z.string(),
  createdAt: at,
  intact: z.boolean().describe('False when the stored document no longer matches its hash: it is refused, never run.'),
});

export const PublishAnswerSchema = z
  .object({
    published: z.boolean().describe('False when the draft is the active version already: nothing new was published.'),
    version: VersionInfoSchema,
    message: z.string(),
  })
  .describe('The version the draft is published as (201), or the same one when nothing changed (200).');

export const VersionListSchema = z
  .object({
    activeVersion: z.number().int().nullable(),
    versions: z.array(VersionInfoSchema.extend({ active: z.boolean() })),
    activations: z
      .array(z.object({ workflowId: z.string(), version: z.number().int().nullable(), previous: z.number().int().nullable(), at }))
      .describe('Every change of the active version, so a rollback is on record and can itself be undone.'),
  })
  .describe('The published versions, and when each became active.');

export const WorkflowVersionSchema = z
  .object({
    workflowId: z.string(),
    version: z.number().int(),
    document: WorkflowSchema,
    hash: z.string(),
    note: z.string(),
    createdAt: at,
    active: z.boolean(),
  })
  .describe('One published version, with its document.');

export const WorkflowStateSchema = z
  .object({
    id: z.string(),
    active: z.boolean().describe('False while paused: no route, schedule or event trigger runs it.'),
    held: z.boolean().describe('Its schedule waits for a person to resume it (the server started in safe mode).'),
    schedule: z
      .object({ ...ScheduleTriggerConfigSchema.shape, nextFireAt: at.nullable(), upcoming: z.array(at).describe('The next few ticks.') })
      .nullable()
      .describe('Its schedule, when it has one.'),
  })
  .describe('Whether the workflow is active or paused, and what its schedule does next.');

export const WorkflowTestReportSchema = z
  .object({
    workflowId: z.string().optional(),
    passed: z.number().int(),
    failed: z.number().int(),
    cases: z.array(
      z.object({
        name: z.string(),
        ok: z.boolean(),
        durationMs: z.number(),
        mismatches: z.array(
          z.object({
            path: z.string().describe('Where the run differs: `output.items[2].total`, `nodes.charge.outputs.ok`, `status`.'),
            expected: z.unknown(),
            actual: z.unknown(),
            message: z.string(),
            nodeInputs: z.record(z.string(), z.unknown()).optional().describe('For a mismatch inside a node: the inputs it got.'),
          }),
        ),
        run: RunRecordSchema.optional().describe('The case’s run; absent when the case could not start one.'),
      }),
    ),
  })
  .describe('How each test case ran, each in an engine of its own.');

export type WorkflowSummary = z.infer<typeof WorkflowSummarySchema>;
export type WorkflowList = z.infer<typeof WorkflowListSchema>;
export type WorkflowDetail = z.infer<typeof WorkflowDetailSchema>;
export type SavedWorkflowAnswer = z.infer<typeof SavedWorkflowSchema>;
export type WorkflowCheckAnswer = z.infer<typeof WorkflowCheckSchema>;
export type PublishAnswer = z.infer<typeof PublishAnswerSchema>;
export type VersionList = z.infer<typeof VersionListSchema>;
export type WorkflowVersionAnswer = z.infer<typeof WorkflowVersionSchema>;
export type WorkflowState = z.infer<typeof WorkflowStateSchema>;
export type WorkflowTestReport = z.infer<typeof WorkflowTestReportSchema>;
