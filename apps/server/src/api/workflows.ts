import { type Engine, PatternError, type WorkflowEntry } from '@pattern/core';
import { Hono } from 'hono';
import { z } from 'zod';
import { parseWith, readJson } from '../http/json-body.ts';

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
    problems: entry.problems,
    refusal: entry.active?.refusal?.toJSON() ?? null,
  };
}

const PublishBodySchema = z.strictObject({ note: z.string().max(2000).default('') });
const VersionParamSchema = z.union([z.literal('latest'), z.coerce.number().int().min(1)]);

export function workflowRoutes(engine: Engine): Hono {
  const { workflows } = engine;
  const versionParam = (raw: string) => parseWith(VersionParamSchema, raw, 'query');
  const numberParam = (raw: string) => {
    const version = versionParam(raw);
    if (version === 'latest') throw new PatternError('bad_request', 'Name a version number here, not "latest"', { version: raw });
    return version;
  };
  return new Hono()
    .get('/api/workflows', async (c) => {
      const latest = await engine.runs.latestByWorkflow();
      const list = workflows.list().map((entry) => {
        const last = latest[entry.id];
        return { ...describe(entry), lastRun: last ? { id: last.id, status: last.status, startedAt: last.startedAt } : null };
      });
      return c.json({ workflows: list });
    })
    .post('/api/workflows/validate', async (c) => {
      const document = await readJson(c, z.unknown());
      return c.json({ problems: engine.validate(document) });
    })
    .get('/api/workflows/:id', (c) => {
      const entry = workflows.require(c.req.param('id'));
      return c.json({ ...describe(entry), document: entry.document });
    })
    .put('/api/workflows/:id', async (c) => {
      const id = c.req.param('id');
      const existed = workflows.get(id) !== undefined;
      const document = await readJson(c, z.unknown());
      const entry = await workflows.save(id, document);
      return c.json({ ...describe(entry), document: entry.document }, existed ? 200 : 201);
    })
    .delete('/api/workflows/:id', async (c) => {
      await workflows.delete(c.req.param('id'));
      return c.body(null, 204);
    })
    .post('/api/workflows/:id/versions', async (c) => {
      const { note } = await readJson(c, PublishBodySchema);
      const result = await workflows.publish(c.req.param('id'), note);
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
    .get('/api/workflows/:id/versions/:version', async (c) => {
      return c.json(await workflows.version(c.req.param('id'), versionParam(c.req.param('version'))));
    })
    .post('/api/workflows/:id/versions/:version/activate', async (c) => {
      const entry = await workflows.activate(c.req.param('id'), numberParam(c.req.param('version')));
      return c.json(describe(entry));
    })
    .delete('/api/workflows/:id/versions/:version', async (c) => {
      await workflows.deleteVersion(c.req.param('id'), numberParam(c.req.param('version')));
      return c.body(null, 204);
    });
}
