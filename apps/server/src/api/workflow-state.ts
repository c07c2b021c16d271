import { Hono } from 'hono';
import { z } from 'zod';
import { jsonBody } from '../http/json-body.ts';
import type { WorkflowControl } from '../schedules/workflow-control.ts';

const StateBodySchema = z.strictObject({
  active: z.boolean({ error: 'active must be true (serve, fire and take events) or false (paused)' }),
});

/** Whether a saved workflow is active or paused, and what its schedule does next. */
export function workflowStateRoutes(control: WorkflowControl) {
  return new Hono()
    .get('/api/workflows/:id/state', (c) => c.json(control.view(c.req.param('id'))))
    .put('/api/workflows/:id/state', jsonBody(StateBodySchema), async (c) => {
      return c.json(await control.setActive(c.req.param('id'), c.req.valid('json').active));
    });
}
