import type { Engine, WorkflowEntry } from '@pattern/core';
import { Hono } from 'hono';
import { z } from 'zod';
import { jsonBody, paramsOf } from '../http/json-body.ts';
import type { WorkflowControl } from '../schedules/workflow-control.ts';
import type { WorkflowSources } from '../workflow-files/workflow-folder.ts';

function describe(entry: WorkflowEntry) {
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
    .get('/api/workflows', async (c) => {
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
      return c.json({ workflows: list });
    })
    .post('/api/workflows/validate', jsonBody(z.unknown()), async (c) => {
      return c.json({ problems: engine.validate(c.req.valid('json')) });
    })
    .get('/api/workflows/:id', (c) => {
      const entry = workflows.require(c.req.param('id'));
      c.header('ETag', etag(entry.revision));
      return c.json({ ...describe(entry), source: sourceOf(entry.id), document: entry.document });
    })
    .put('/api/workflows/:id', jsonBody(z.unknown()), async (c) => {
      const id = c.req.param('id');
      const existed = workflows.get(id) !== undefined;
      const entry = await workflows.save(id, c.req.valid('json'), { ifRevision: ifMatch(c.req.header('If-Match')), keepProblems: true });
      c.header('ETag', etag(entry.revision));
      return c.json({ ...describe(entry), document: entry.document }, existed ? 200 : 201);
    })
    .delete('/api/workflows/:id', async (c) => {
      await workflows.delete(c.req.param('id'));
      return c.body(null, 204);
    })
    .post('/api/workflows/:id/versions', jsonBody(PublishBodySchema), async (c) => {
      const result = await workflows.publish(c.req.param('id'), c.req.valid('json').note);
      return c.json(result, result.published ? 201 : 200);
    })
    .get('/api/workflows/:id/versions', async (c) => {
      const id = c.req.param('id');
      const entry = workflows.require(id);
      return c.json({
        activeVersion: entry.activeVersion,
        versions: entry.versions.map((v) => ({ ...v, active: v.version === entry.activeVersion })),
        activations: await workflows.activations(id),
      });
    })
    .get('/api/workflows/:id/versions/:version', paramsOf(VersionParamsSchema), async (c) => {
      const { id, version } = c.req.valid('param');
      return c.json(await workflows.version(id, version));
    })
    .post('/api/workflows/:id/versions/:version/activate', paramsOf(NumberedVersionParamsSchema), async (c) => {
      const { id, version } = c.req.valid('param');
      return c.json(describe(await workflows.activate(id, version)));
    })
    .delete('/api/workflows/:id/versions/:version', paramsOf(NumberedVersionParamsSchema), async (c) => {
      const { id, version } = c.req.valid('param');
      await workflows.deleteVersion(id, version);
      return c.body(null, 204);
    });
}
