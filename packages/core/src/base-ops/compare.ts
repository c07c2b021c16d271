import { z } from 'zod';
import { defineOp } from '../ops/define-op.ts';
import { CompareOperatorSchema, compareValues } from './compare-values.ts';

export const compare = defineOp({
  name: 'compare',
  title: 'Compare',
  category: 'logic',
  description: 'Compares `a` with `b`. `eq` and `ne` compare structurally; the orderings compare numbers or strings.',
  config: z.object({ operator: CompareOperatorSchema.default('eq').describe('eq, ne, lt, lte, gt or gte.') }),
  inputs: { a: { description: 'The left-hand side.' }, b: { description: 'The right-hand side.' } },
  outputs: { result: { schema: z.boolean(), description: 'Whether `a <operator> b` holds.' } },
  examples: [
    { title: 'Greater than', config: { operator: 'gt' }, inputs: { a: 5, b: 3 }, outputs: { result: true } },
    { title: 'Structural equality', inputs: { a: { x: 1 }, b: { x: 1 } }, outputs: { result: true } },
  ],
  run: (inputs, ctx) => ({ result: compareValues(inputs.a, ctx.config.operator, inputs.b) }),
});
