import { answers, type Engine, runWorkflowTests, testEnvironmentOf } from '@pattern/core';
import { Hono } from 'hono';
import { z } from 'zod';
import { jsonBody } from '../http/json-body.ts';
import { refuses } from './answers.ts';
import { type WorkflowTestReport, WorkflowTestReportSchema } from './workflow-answers.ts';

const RunTestsBodySchema = z.strictObject({ names: z.array(z.string().min(1).max(200)).max(1000).optional() });

/** Runs a saved workflow's test cases (all, or those named), each in an engine of its own: the server's data is never touched. */
export function workflowTestRoutes(engine: Engine) {
  return new Hono().post(
    '/api/workflows/:id/tests/run',
    jsonBody(RunTestsBodySchema),
    answers(WorkflowTestReportSchema),
    refuses(404, 'There is no such workflow, or no test case of one of the names given.'),
    async (c) => {
      const entry = engine.workflows.require(c.req.param('id'));
      const { names } = c.req.valid('json');
      const report = await runWorkflowTests(entry.document, { ...testEnvironmentOf(engine), ...(names ? { names } : {}) });
      return c.json(report satisfies WorkflowTestReport);
    },
  );
}
