import { z } from 'zod';
import { getPath, splitPath } from '../json/path.ts';
import { defineOp } from '../ops/define-op.ts';
import { CompareOperatorSchema, compareValues } from './compare-values.ts';

const CaseSchema = z.object({
  name: z.string().describe('The output port the value goes to when this case matches.'),
  operator: CompareOperatorSchema.default('eq').describe('eq, ne, lt, lte, gt or gte.'),
  to: z.unknown().describe('What the value at `path` is compared with.'),
  description: z.string().max(1000).optional().describe('What the case means, shown on its port.'),
  schema: z.record(z.string(), z.unknown()).optional().describe('A JSON Schema for the port, so the editor can check what it is wired to.'),
});

export const flowSwitch = defineOp({
  name: 'flow.switch',
  title: 'Switch',
  category: 'flow',
  keywords: ['route', 'case', 'match', 'if else', 'dispatch', 'router'],
  description:
    'Routes `value` to the first of several named outputs whose case matches: each case compares what is at `path` in the value with `to` (`eq` and `ne` structurally, the orderings on numbers or strings). No match sends it to `default`. Every other case output is skipped, with what hangs off it; `case` names the one taken.',
  config: z.object({
    path: z.string().max(1000).default('').describe('The dotted path in the value to test (`order.status`); empty tests the value itself.'),
    cases: z.array(CaseSchema).max(64).default([]).describe('The cases, in order; each adds an output port named after it.'),
  }),
  dynamicPorts: { outputs: 'cases' },
  inputs: { value: { description: 'What to route.' } },
  outputs: {
    default: { description: 'The value, when no case matches.' },
    case: { schema: z.string(), description: 'The name of the case taken, or `default`.' },
  },
  examples: [
    {
      title: 'By status',
      config: {
        path: 'status',
        cases: [
          { name: 'paid', to: 'paid' },
          { name: 'refunded', to: 'refunded' },
        ],
      },
      inputs: { value: { id: 'o1', status: 'refunded' } },
      outputs: { refunded: { id: 'o1', status: 'refunded' }, case: 'refunded' },
    },
    {
      title: 'By size, falling through to default',
      config: { path: 'total', cases: [{ name: 'large', operator: 'gte', to: 1000 }] },
      inputs: { value: { total: 40 } },
      outputs: { default: { total: 40 }, case: 'default' },
    },
  ],
  run: (inputs, ctx) => {
    const value = inputs.value ?? null;
    const tested = getPath(value, splitPath(ctx.config.path));
    const match = ctx.config.cases.find((c) => compareValues(tested, c.operator, c.to));
    return match ? { [match.name]: value, case: match.name } : { default: value, case: 'default' };
  },
});
