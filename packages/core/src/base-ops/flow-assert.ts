import { z } from 'zod';
import { PatternError } from '../errors.ts';
import { defineOp } from '../ops/define-op.ts';

export const flowAssert = defineOp({
  name: 'flow.assert',
  title: 'Assert',
  category: 'flow',
  retry: false,
  keywords: ['check', 'require', 'guard', 'invariant', 'fail', 'throw'],
  description:
    'Fails the node with a chosen code and message when `condition` is false (and the run, unless its `error` port is wired); when it is true, passes `value` on. For checks a run must not go past: a total that must be positive, a stock that must suffice.',
  config: z.object({
    code: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,63}$/, 'a code is lower-case words joined by _, like out_of_stock')
      .default('assertion_failed')
      .describe('The error code, for whoever handles the failure: `out_of_stock`.'),
    message: z.string().min(1).max(1000).default('A condition the workflow requires does not hold.').describe('The error message, for a person.'),
  }),
  inputs: {
    condition: { schema: z.boolean(), description: 'What must be true.' },
    value: { description: 'What to pass on when it is.' },
  },
  outputs: { value: { description: 'The value (null when none is wired), when the condition holds.' } },
  examples: [
    { title: 'It holds', inputs: { condition: true, value: { qty: 2 } }, outputs: { value: { qty: 2 } } },
    { title: 'It does not', config: { code: 'out_of_stock', message: 'Not enough stock for this order.' }, inputs: { condition: false } },
  ],
  run: (inputs, ctx) => {
    if (!inputs.condition) throw new PatternError(ctx.config.code, ctx.config.message, { node: ctx.nodeId });
    return { value: inputs.value ?? null };
  },
});
