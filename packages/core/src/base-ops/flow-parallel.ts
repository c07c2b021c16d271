import { z } from 'zod';
import { PatternError } from '../errors.ts';
import { ConfigProblem, type ConfigProblemEntry } from '../ops/config-problem.ts';
import { defineOp } from '../ops/define-op.ts';
import { childFailure } from '../run/child-runs.ts';
import { childVersionSetting, childWorkflowSetting } from './child-workflow.ts';
import { farewell, greet } from './example-workflows.ts';

export const MAX_PARALLEL_BRANCHES = 64;

const BranchSchema = z.union([
  childWorkflowSetting.describe('A saved workflow; its output is keyed by its id.'),
  z.strictObject({
    name: z.string().min(1).max(128).describe('The key of its output.'),
    workflow: childWorkflowSetting.describe('The saved workflow to run.'),
    version: childVersionSetting,
  }),
]);

type Branch = { name: string; workflow: string; version?: number };

function branchesOf(list: z.output<typeof BranchSchema>[]): Branch[] {
  return list.map((entry) => (typeof entry === 'string' ? { name: entry, workflow: entry } : entry));
}

export const flowParallel = defineOp({
  name: 'flow.parallel',
  title: 'Run in parallel',
  category: 'flow',
  description:
    "Runs several saved workflows at once, as child runs that each get `input`, and joins their outputs into one object by name (a workflow's id, or the `name` given to it). When one fails, the others are cancelled and the node fails with the failed branch's `name` and child `runId` in `details`.",
  config: z.object({
    workflows: z
      .array(BranchSchema)
      .min(1)
      .max(MAX_PARALLEL_BRANCHES)
      .describe('The workflows to run: ids, or `{ name, workflow, version? }` to choose the key of each output.'),
  }),
  inputs: { input: { description: 'The input every child run gets.' } },
  outputs: { outputs: { schema: z.record(z.string(), z.unknown()), description: "Each child run's output, by name." } },
  examples: [
    {
      title: 'Greet and say goodbye at once',
      workflows: [greet, farewell],
      config: { workflows: ['greet', 'farewell'] },
      inputs: { input: { name: 'Ada' } },
      outputs: { outputs: { greet: 'Hello, Ada!', farewell: 'Goodbye, Ada.' } },
    },
    {
      title: 'Name the outputs',
      workflows: [greet, farewell],
      config: {
        workflows: [
          { name: 'hello', workflow: 'greet' },
          { name: 'bye', workflow: 'farewell' },
        ],
      },
      inputs: { input: { name: 'Grace' } },
      outputs: { outputs: { hello: 'Hello, Grace!', bye: 'Goodbye, Grace.' } },
    },
  ],
  prepare: (config, env) => {
    const problems: ConfigProblemEntry[] = [];
    const seen = new Set<string>();
    branchesOf(config.workflows).forEach((branch, i) => {
      const at = typeof config.workflows[i] === 'string' ? ['workflows', i] : ['workflows', i, 'workflow'];
      if (!env.workflowExists(branch.workflow))
        problems.push({ at, message: `There is no saved workflow "${branch.workflow}"`, code: 'unknown_workflow' });
      if (seen.has(branch.name))
        problems.push({
          at: typeof config.workflows[i] === 'string' ? at : ['workflows', i, 'name'],
          message: `"${branch.name}" names two branches; give each a name of its own`,
        });
      seen.add(branch.name);
    });
    if (problems.length > 0) throw new ConfigProblem(problems);
  },
  async run({ input }, ctx) {
    const stop = new AbortController();
    const outputs: Record<string, unknown> = {};
    let failure: PatternError | undefined;
    const branches = branchesOf(ctx.config.workflows);
    await Promise.all(
      branches.map(async (branch) => {
        try {
          const record = await ctx.runWorkflow({
            workflowId: branch.workflow,
            version: branch.version,
            input,
            key: branch.name,
            signal: stop.signal,
          });
          if (record.status === 'ok') outputs[branch.name] = record.output ?? null;
          else if (!failure) failure = childFailure(record);
        } catch (error) {
          failure ??= error instanceof PatternError ? error : new PatternError('op_failed', String(error));
        }
        if (failure && !stop.signal.aborted) {
          failure = new PatternError(failure.code, `${branch.name}: ${failure.message}`, { name: branch.name, ...(failure.details as object) });
          stop.abort(failure);
        }
      }),
    );
    if (failure) throw failure;
    // In the order the branches are listed, whichever finished first.
    return { outputs: Object.fromEntries(branches.map((branch) => [branch.name, outputs[branch.name]])) };
  },
});
