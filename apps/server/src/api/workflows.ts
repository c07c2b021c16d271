import type { Engine, WorkflowEntry } from '@pattern/core';
import { Hono } from 'hono';
import { z } from 'zod';
import { readJson } from '../http/json-body.ts';

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
    problems: entry.problems,
  };
}

export function workflowRoutes(engine: Engine): Hono {
  return new Hono()
    .get('/api/workflows', async (c) => {
      const latest = await engine.runs.latestByWorkflow();
      const workflows = engine.workflows.list().map((entry) => {
        const last = latest[entry.id];
        return { ...describe(entry), lastRun: last ? { id: last.id, status: last.status, startedAt: last.startedAt } : null };
      });
      return c.json({ workflows });
    })
    .post('/api/workflows/validate', async (c) => {
      const document = await readJson(c, z.unknown());
      return c.json({ problems: engine.validate(document) });
    })
    .get('/api/workflows/:id', (c) => {
      const entry = engine.workflows.require(c.req.param('id'));
      return c.json({ ...describe(entry), document: entry.document });
    })
    .put('/api/workflows/:id', async (c) => {
      const id = c.req.param('id');
      const existed = engine.workflows.get(id) !== undefined;
      const document = await readJson(c, z.unknown());
      const entry = await engine.workflows.save(id, document);
      return c.json({ ...describe(entry), document: entry.document }, existed ? 200 : 201);
    })
    .delete('/api/workflows/:id', async (c) => {
      await engine.workflows.delete(c.req.param('id'));
      return c.body(null, 204);
    });
}
