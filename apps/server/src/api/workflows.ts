import { answers, type Engine, type WorkflowEntry, WorkflowSchema } from '@pattern/core';
import { Hono } from 'hono';
import { z } from 'zod';
import { jsonBody, paramsOf } from '../http/json-body.ts';
import type { WorkflowControl } from '../schedules/workflow-control.ts';
import type { WorkflowSources } from '../workflow-files/workflow-folder.ts';
import { answersNothing, refuses, takes } from './answers.ts';
import {
  type PublishAnswer,
  PublishAnswerSchema,
  type SavedWorkflowAnswer,
  SavedWorkflowSchema,
  type VersionList,
  VersionListSchema,
  type WorkflowCheckAnswer,
  WorkflowCheckSchema,
  type WorkflowDetail,
  WorkflowDetailSchema,
  type WorkflowList,
  WorkflowListSchema,
  type WorkflowSummary,
  WorkflowSummarySchema,
  type WorkflowVersionAnswer,
  WorkflowVersionSchema,
} from './workflow-answers.ts';
import { checkWorkflow } from './workflow-check.ts';

function describe(entry: WorkflowEntry): WorkflowSummary {
  return {
    id: entry.id,
    name: entry.document.name ?? entry.id,
    description: entry.document.description ?? null,
    route: entry.route ? `${entry.route.method} ${entry.route.path}` : null,
    readOnly: entry.readOnly,
    mod: entry.mod ?? null,
    createdAt: entry.createdAt,
    updatedAt: entry.updatedAt,
    activeVersion: entry.activeVersion,
    versions: entry.versions.length,
    revision: entry.revision,
    /** False while the draft has problems: until the first publish it then serves no route, schedule or event. */
    valid: entry.plan !== undefined,
    problems: entry.problems,
    /** Never blocking: a route response a run can skip, say. */
    warnings: entry.warnings,
    refusal: entry.active?.refusal?.toJSON() ?? null,
  };
}

const etag = (revision: string) => `"${revision}"`;

/** The revision an `If-Match` names (`"r"`, `W/"r"` or bare); `*` asks for none in particular. */
function ifMatch(header: string | undefined): string | undefined {
  const value = header
    ?.split(',')[0]
    ?.trim()
    .replace(/^W\//, '')
    .replace(/^"(.*)"$/, '$1');
  return value && value !== '*' ? value : undefined;
}

const PublishBodySchema = z.strictObject({ note: z.string().max(2000).default('') });
const VersionSchema = z.union([z.literal('latest'), z.coerce.number().int().min(1)]);
const VersionParamsSchema = z.object({ id: z.string(), version: VersionSchema });
const NumberedVersionParamsSchema = z.object({
  id: z.string(),
  version: VersionSchema.pipe(z.number({ error: 'Name a version number here, not "latest"' })),
});

export function workflowRoutes(engine: Engine, control: WorkflowControl, files?: WorkflowSources) {
  const { workflows } = engine;
  const sourceOf = (id: string) => files?.sourceOf(id) ?? 'database';
  return new Hono()
    .get('/api/workflows', answers(WorkflowListSchema), async (c) => {
      const latest = await engine.runs.latestByWorkflow();
      const list = workflows.list().map((entry) => {
        const last = latest[entry.id];
        return {
          ...describe(entry),
          source: sourceOf(entry.id),
          active: control.isActive(entry.id),
          nextFireAt: control.nextFireAt(entry.id),
          lastRun: last ? { id: last.id, status: last.status, startedAt: last.startedAt } : null,
        };
      });
      return c.json({ workflows: list } satisfies WorkflowList);
    })
    .post('/api/workflows/validate', jsonBody(z.unknown()), takes(WorkflowSchema), answers(WorkflowCheckSchema), async (c) => {
      return c.json(checkWorkflow(engine, c.req.valid('json')) satisfies WorkflowCheckAnswer);
    })
    .get('/api/workflows/:id', answers(WorkflowDetailSchema), refuses(404, 'There is no such workflow.'), (c) => {
      const entry = workflows.require(c.req.param('id'));
      c.header('ETag', etag(entry.revision));
      return c.json({ ...describe(entry), source: sourceOf(entry.id), document: entry.document } satisfies WorkflowDetail);
    })
    .put(
      '/api/workflows/:id',
      jsonBody(z.unknown()),
      takes(WorkflowSchema),
      answers(SavedWorkflowSchema),
      answers(SavedWorkflowSchema, 201),
      refuses(
        409,
        'The workflow ships with a mod (`read_only`), another save came first (`conflict`, when `If-Match` names an older revision), or another workflow serves its route or claim (`conflict`).',
      ),
      refuses(422, 'The body is not a workflow’s shape, or its id differs from the URL’s (`validation_failed`).'),
      async (c) => {
        const id = c.req.param('id');
        const existed = workflows.get(id) !== undefined;
        const entry = await workflows.save(id, c.req.valid('json'), { ifRevision: ifMatch(c.req.header('If-Match')), keepProblems: true });
        c.header('ETag', etag(entry.revision));
        return c.json({ ...describe(entry), document: entry.document } satisfies SavedWorkflowAnswer, existed ? 200 : 201);
      },
    )
    .delete(
      '/api/workflows/:id',
      answersNothing('Deleted, with its versions and state.'),
      refuses(404, 'There is no such workflow.'),
      refuses(409, 'The workflow ships with a mod (`read_only`).'),
      async (c) => {
        await workflows.delete(c.req.param('id'));
        return c.body(null, 204);
      },
    )
    .post(
      '/api/workflows/:id/versions',
      jsonBody(PublishBodySchema),
      answers(PublishAnswerSchema),
      answers(PublishAnswerSchema, 201),
      refuses(404, 'There is no such workflow.'),
      refuses(409, 'The workflow ships with a mod (`read_only`), or another workflow serves its route or claim (`conflict`).'),
      refuses(422, 'The draft has problems; fix them before publishing (`validation_failed`).'),
      async (c) => {
        const result = await workflows.publish(c.req.param('id'), c.req.valid('json').note);
        return c.json(result satisfies PublishAnswer, result.published ? 201 : 200);
      },
    )
    .get('/api/workflows/:id/versions', answers(VersionListSchema), refuses(404, 'There is no such workflow.'), async (c) => {
      const id = c.req.param('id');
      const entry = workflows.require(id);
      return c.json({
        activeVersion: entry.activeVersion,
        versions: entry.versions.map((v) => ({ ...v, active: v.version === entry.activeVersion })),
        activations: await workflows.activations(id),
      } satisfies VersionList);
    })
    .get(
      '/api/workflows/:id/versions/:version',
      paramsOf(VersionParamsSchema),
      answers(WorkflowVersionSchema),
      refuses(404, 'There is no such workflow, or no such version of it.'),
      async (c) => {
        const { id, version } = c.req.valid('param');
        return c.json((await workflows.version(id, version)) satisfies WorkflowVersionAnswer);
      },
    )
    .post(
      '/api/workflows/:id/versions/:version/activate',
      paramsOf(NumberedVersionParamsSchema),
      answers(WorkflowSummarySchema.describe('The workflow, with the version now active.')),
      refuses(404, 'There is no such workflow, or no such version of it.'),
      refuses(409, 'The workflow ships with a mod (`read_only`), or another workflow serves the version’s route or claim (`conflict`).'),
      refuses(422, 'The version cannot run here: an op it uses is not installed (`validation_failed`).'),
      async (c) => {
        const { id, version } = c.req.valid('param');
        return c.json(describe(await workflows.activate(id, version)));
      },
    )
    .delete(
      '/api/workflows/:id/versions/:version',
      paramsOf(NumberedVersionParamsSchema),
      answersNothing('The version is deleted.'),
      refuses(404, 'There is no such workflow, or no such version of it.'),
      refuses(409, 'The version is the active one; activate another first (`conflict`).'),
      async (c) => {
        const { id, version } = c.req.valid('param');
        await workflows.deleteVersion(id, version);
        return c.body(null, 204);
      },
    );
}
