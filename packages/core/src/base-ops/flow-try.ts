import { z } from 'zod';
import { toErrorBody } from '../errors.ts';
import { defineOp, ErrorValueSchema } from '../ops/define-op.ts';
import { childFailure } from '../run/child-runs.ts';
import { childVersionSetting, childWorkflowSetting, requireWorkflow } from './child-workflow.ts';
import { parseText } from './example-workflows.ts';

export const flowTry = defineOp({
  name: 'flow.try',
  title: 'Try',
  category: 'flow',
  description:
    "Runs a saved workflow as a child run with `input`: its output comes out of `ok` when it succeeds, its error out of `caught` when it fails (or is refused before it starts), and the node itself succeeds either way, so the failure path is drawn like any other branch. The caught error carries the child's run id in `details.runId`. Cancelling this run cancels the child and is not caught.",
  config: z.object({
    workflow: childWorkflowSetting.describe('The saved workflow to try.'),
    version: childVersionSetting,
  }),
  inputs: { input: { description: 'The input of the child run.' } },
  outputs: {
    ok: { description: 'What the child run output, when it succeeded.' },
    caught: { schema: ErrorValueSchema, description: 'The error, when the child run failed.' },
  },
  examples: [
    { title: 'It succeeds', workflows: [parseText], config: { workflow: 'parse-text' }, inputs: { input: '{"a":1}' }, outputs: { ok: { a: 1 } } },
    {
      title: 'It fails, and the failure is a value',
      workflows: [parseText],
      config: { workflow: 'parse-text' },
      inputs: { input: 'not json' },
      outputs: { caught: { code: 'invalid_json' } },
    },
  ],
  prepare: (config, env) => requireWorkflow(env, config.workflow, ['workflow']),
  async run({ input }, ctx) {
    let record: Awaited<ReturnType<typeof ctx.runWorkflow>>;
    try {
      record = await ctx.runWorkflow({ workflowId: ctx.config.workflow, version: ctx.config.version, input });
    } catch (error) {
      if (ctx.signal.aborted) throw error;
      return { caught: toErrorBody(error) };
    }
    if (record.status === 'ok') return { ok: record.output ?? null };
    if (ctx.signal.aborted) throw ctx.signal.reason;
    return { caught: childFailure(record).toJSON() };
  },
});
