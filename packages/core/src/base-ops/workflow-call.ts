import { z } from 'zod';
import { defineOp } from '../ops/define-op.ts';
import { childFailure } from '../run/child-runs.ts';
import { childVersionSetting, childWorkflowSetting, requireWorkflow } from './child-workflow.ts';
import { double, greet } from './example-workflows.ts';

export const workflowCall = defineOp({
  name: 'workflow.call',
  title: 'Call workflow',
  category: 'workflow',
  description:
    "Runs a saved workflow as a child run with `input`, waits for it and hands on its output. The child is a run of its own in history, linked to this node; cancelling or timing out this run cancels it. When the child fails, this node fails with the child's error code and its run id in `details.runId` (on `error`, when wired). The called workflow's `inputSchema` is checked before it starts.",
  config: z.object({
    workflow: childWorkflowSetting.describe('The saved workflow to run.'),
    version: childVersionSetting,
  }),
  inputs: { input: { description: 'The input of the child run.' } },
  outputs: {
    output: { description: 'What the child run output.' },
    status: {
      schema: z.literal('ok'),
      description: "The child run's status: `ok`, since a failed child fails the node instead (its run id is in the node's trace).",
    },
  },
  examples: [
    {
      title: 'Call a saved workflow',
      workflows: [double],
      config: { workflow: 'double' },
      inputs: { input: 21 },
      outputs: { output: 42, status: 'ok' },
    },
    {
      title: 'Greet through a sub-workflow',
      workflows: [greet],
      config: { workflow: 'greet' },
      inputs: { input: { name: 'Ada' } },
      outputs: { output: 'Hello, Ada!', status: 'ok' },
    },
  ],
  prepare: (config, env) => requireWorkflow(env, config.workflow, ['workflow']),
  async run({ input }, ctx) {
    const record = await ctx.runWorkflow({ workflowId: ctx.config.workflow, version: ctx.config.version, input });
    if (record.status !== 'ok') throw childFailure(record);
    return { output: record.output ?? null, status: 'ok' as const };
  },
});
