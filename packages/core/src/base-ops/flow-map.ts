import { z } from 'zod';
import { PatternError, toErrorBody } from '../errors.ts';
import { defineOp, ErrorValueSchema } from '../ops/define-op.ts';
import { childFailure } from '../run/child-runs.ts';
import type { ErrorValue } from '../run/record.ts';
import { childVersionSetting, childWorkflowSetting, requireWorkflow } from './child-workflow.ts';
import { doubleItem, parseItem } from './example-workflows.ts';

export const MAX_MAP_CONCURRENCY = 64;

const ItemErrorSchema = z.object({
  index: z.number().int(),
  error: ErrorValueSchema,
  runId: z.string().nullable().describe('The failed child run; null when it was refused before it started.'),
});

export const flowMap = defineOp({
  name: 'flow.map',
  title: 'Map over items',
  category: 'flow',
  description:
    "Runs a saved workflow once per item of `items`, as child runs with `{ item, index }` as input, at most `concurrency` at once, and outputs their outputs in the order of the items. With `onError: fail` (the default) the first failure stops it: no new items start, the running ones are cancelled, and the node fails with the item's `index` and child `runId` in `details`. With `onError: collect` it goes on; a failed item's result is null and its error is on `errors`. The node's trace counts the item runs and keeps a summary of the first 1,000; history has every item run, linked to this node.",
  config: z.object({
    workflow: childWorkflowSetting.describe('The saved workflow to run for each item.'),
    version: childVersionSetting,
    concurrency: z.number().int().min(1).max(MAX_MAP_CONCURRENCY).default(4).describe(`How many item runs at once (1 to ${MAX_MAP_CONCURRENCY}).`),
    onError: z
      .enum(['fail', 'collect'])
      .default('fail')
      .describe('`fail`: stop at the first failed item; `collect`: go on, and list failures on `errors`.'),
  }),
  inputs: { items: { schema: z.array(z.unknown()), description: 'The items; each becomes one child run.' } },
  outputs: {
    results: { schema: z.array(z.unknown()), description: "Each item run's output, in the order of the items (null for a failed item)." },
    errors: {
      schema: z.array(ItemErrorSchema),
      description: 'The failed items, by index, with their error and run id (empty unless `onError: collect`).',
    },
  },
  examples: [
    {
      title: 'Double every item',
      workflows: [doubleItem],
      config: { workflow: 'double-item' },
      inputs: { items: [1, 2, 3] },
      outputs: { results: [2, 4, 6], errors: [] },
    },
    {
      title: 'Collect the items that fail',
      description: 'The second text is not JSON: its run fails, the others go on.',
      workflows: [parseItem],
      config: { workflow: 'parse-item', onError: 'collect', concurrency: 2 },
      inputs: { items: ['1', 'nope', '[3]'] },
      outputs: { results: [1, null, [3]], errors: [{ index: 1, error: { code: 'invalid_json' } }] },
    },
  ],
  prepare: (config, env) => requireWorkflow(env, config.workflow, ['workflow']),
  async run({ items }, ctx) {
    const { workflow, version, concurrency, onError } = ctx.config;
    const results: unknown[] = new Array(items.length).fill(null);
    const errors: Array<{ index: number; error: ErrorValue; runId: string | null }> = [];
    const stop = new AbortController();
    let failure: PatternError | undefined;
    let next = 0;
    const failed = (index: number, error: ErrorValue, runId: string | null, cause: PatternError) => {
      if (onError === 'collect') errors.push({ index, error, runId });
      else if (!failure) {
        failure = new PatternError(cause.code, `Item ${index}: ${cause.message}`, { index, ...(cause.details as object) });
        stop.abort(failure);
      }
    };
    const worker = async () => {
      while (next < items.length && !failure) {
        const index = next++;
        const input = { item: items[index] ?? null, index };
        let record: Awaited<ReturnType<typeof ctx.runWorkflow>>;
        try {
          record = await ctx.runWorkflow({ workflowId: workflow, version, input, key: index, signal: stop.signal });
        } catch (error) {
          // Refused before it started (its input schema, the call depth): the item failed, with no run of its own.
          if (ctx.signal.aborted) throw error;
          if (stop.signal.aborted) continue;
          const body = toErrorBody(error);
          failed(index, body, null, new PatternError(body.code, body.message, { runId: null, error: body.details }));
          continue;
        }
        if (record.status === 'ok') results[index] = record.output ?? null;
        else if (!stop.signal.aborted)
          failed(index, record.error ?? { code: record.status, message: record.status, details: null }, record.id, childFailure(record));
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
    if (failure) throw failure;
    errors.sort((a, b) => a.index - b.index);
    return { results, errors };
  },
});
