import { z } from 'zod';
import { PatternError } from '../errors.ts';
import { defineOp } from '../ops/define-op.ts';
import { CompareOperatorSchema, compareValues } from './compare-values.ts';
import { after } from './control-ports.ts';

export const flowInput = defineOp({
  name: 'flow.input',
  title: 'Input',
  category: 'flow',
  description: "Hands the run's input to the graph.",
  outputs: { value: { description: 'The input the run was started with.' } },
  examples: [{ title: 'Pass the input on', description: 'Invoked alone, the run has no input, so the value is null.', outputs: { value: null } }],
  run: (_inputs, ctx) => ({ value: ctx.run.input ?? null }),
});

export const flowOutput = defineOp({
  name: 'flow.output',
  title: 'Output',
  category: 'flow',
  description: "Sets the run's output. Several outputs with a `key` each build an object.",
  config: z.object({ key: z.string().min(1).optional().describe('Sets this key of the output object instead of the whole output.') }),
  inputs: { value: { description: 'The value to output.' } },
  examples: [{ title: 'Output a value', inputs: { value: { ok: true } }, outputs: {} }],
  run: (inputs, ctx) => {
    ctx.output(inputs.value, ctx.config.key);
    return {};
  },
});

export const flowBranch = defineOp({
  name: 'flow.branch',
  title: 'Branch',
  category: 'flow',
  description:
    'Sends `value` out of `true` when the condition holds, else out of `false`; whatever hangs off the other port is skipped. The condition is `condition` itself (truthy), or `condition` compared with `to` when `operator` is set.',
  config: z.object({
    operator: CompareOperatorSchema.optional().describe('Compare `condition` with `to` instead of testing it for truth.'),
    to: z.unknown().optional().describe('The right-hand side of the comparison.'),
  }),
  inputs: {
    condition: { description: 'What to test.' },
    value: { description: 'What to pass on; the condition itself when not wired.' },
  },
  outputs: {
    true: { description: 'The value, when the condition holds.' },
    false: { description: 'The value, when it does not.' },
  },
  examples: [
    { title: 'Truthy test', inputs: { condition: true, value: 'yes' }, outputs: { true: 'yes' } },
    { title: 'Comparison', config: { operator: 'gt', to: 10 }, inputs: { condition: 3 }, outputs: { false: 3 } },
  ],
  run: (inputs, ctx) => {
    const holds = ctx.config.operator ? compareValues(inputs.condition, ctx.config.operator, ctx.config.to) : Boolean(inputs.condition);
    const value = inputs.value === undefined ? inputs.condition : inputs.value;
    return holds ? { true: value ?? null } : { false: value ?? null };
  },
});

export const flowMerge = defineOp({
  name: 'flow.merge',
  title: 'Merge',
  category: 'flow',
  description: 'Passes on the first of its inputs to arrive; the later ones are ignored. Skipped only when every wired input is skipped.',
  waitFor: 'any',
  inputs: {
    a: { description: 'A candidate value.' },
    b: { description: 'A candidate value.' },
    c: { description: 'A candidate value.' },
    d: { description: 'A candidate value.' },
  },
  outputs: { value: { description: 'The first value that arrived.' } },
  examples: [{ title: 'First wins', inputs: { a: 'first' }, outputs: { value: 'first' } }],
  run: (inputs) => ({ value: inputs.a ?? inputs.b ?? inputs.c ?? inputs.d }),
});

export const flowDelay = defineOp({
  name: 'flow.delay',
  title: 'Delay',
  category: 'flow',
  description: 'Waits `ms` milliseconds, then passes `value` on. Stops waiting when the run is cancelled.',
  inputs: {
    ms: { schema: z.number().int().min(0).max(86_400_000), description: 'How long to wait, in milliseconds.' },
    value: { description: 'What to pass on after the wait.' },
    after,
  },
  outputs: { value: { description: 'The value, after the wait.' } },
  examples: [{ title: 'Wait 10 ms', inputs: { ms: 10, value: 'later' }, outputs: { value: 'later' } }],
  run: (inputs, ctx) =>
    new Promise((resolve, reject) => {
      const signal = ctx.signal;
      if (signal.aborted) return reject(signal.reason);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal.reason);
      };
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve({ value: inputs.value ?? null });
      }, inputs.ms);
      signal.addEventListener('abort', onAbort, { once: true });
    }),
});

export const flowFail = defineOp({
  name: 'flow.fail',
  title: 'Fail',
  category: 'flow',
  retry: false,
  description: 'Fails the node with a message (and the run, unless its `error` port is wired).',
  config: z.object({ code: z.string().min(1).default('failed').describe('The error code.') }),
  inputs: { message: { schema: z.string().min(1), description: 'Why it failed.' } },
  examples: [{ title: 'Refuse', inputs: { message: 'Out of stock' } }],
  run: (inputs, ctx) => {
    throw new PatternError(ctx.config.code, inputs.message);
  },
});
