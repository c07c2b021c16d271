import { answers } from '@pattern/core';
import { Hono } from 'hono';
import { z } from 'zod';
import { jsonBody } from '../http/json-body.ts';
import type { WorkflowControl } from '../schedules/workflow-control.ts';
import { refuses } from './answers.ts';
import { type WorkflowState, WorkflowStateSchema } from './workflow-answers.ts';

const NO_WORKFLOW = 'There is no such workflow.';

const StateBodySchema = z.strictObject({
  active: z.boolean({ error: 'active must be true (serve, fire and take events) or false (paused)' }),
});

/** Whether a saved workflow is active or paused, and what its schedule does next. */
export function workflowStateRoutes(control: WorkflowControl) {
  return new Hono()
    .get('/api/workflows/:id/state', answers(WorkflowStateSchema), refuses(404, NO_WORKFLOW), (c) =>
      c.json(control.view(c.req.param('id')) satisfies WorkflowState),
    )
    .put(
      '/api/workflows/:id/state',
      jsonBody(StateBodySchema),
      answers(WorkflowStateSchema),
      refuses(404, NO_WORKFLOW),
      refuses(409, 'The workflow ships with a mod and cannot be paused (`read_only`).'),
      async (c) => {
        return c.json((await control.setActive(c.req.param('id'), c.req.valid('json').active)) satisfies WorkflowState);
      },
    );
}
