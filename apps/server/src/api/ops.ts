import { answers, CatalogOpSchema, type Engine, PatternError } from '@pattern/core';
import { Hono } from 'hono';
import { z } from 'zod';
import { jsonBody } from '../http/json-body.ts';
import { OpListSchema, RunSchema, refuses } from './answers.ts';
import { runResponse } from './run-response.ts';

const NO_OP = 'There is no op of that name (`not_found`).';

const InvokeBodySchema = z.strictObject({
  inputs: z.record(z.string(), z.unknown()).default({}),
  config: z.record(z.string(), z.unknown()).default({}),
});

export function opRoutes(engine: Engine) {
  return new Hono()
    .get('/api/ops', answers(OpListSchema), (c) => c.json({ ops: engine.catalog() }))
    .get('/api/ops/:name', answers(CatalogOpSchema), refuses(404, NO_OP), (c) => {
      const name = c.req.param('name');
      const op = engine.catalog().find((o) => o.name === name);
      if (!op) throw new PatternError('not_found', `There is no op "${name}"`, { op: name, suggestions: engine.registry.suggest(name) });
      return c.json(op);
    })
    .post('/api/ops/:name/invoke', jsonBody(InvokeBodySchema), answers(RunSchema), refuses(404, NO_OP), async (c) => {
      const body = c.req.valid('json');
      const record = await engine.invoke(c.req.param('name'), body.inputs, body.config).done;
      return runResponse(c, record);
    });
}
