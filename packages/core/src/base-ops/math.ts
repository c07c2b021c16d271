import { z } from 'zod';
import { PatternError } from '../errors.ts';
import { defineOp } from '../ops/define-op.ts';

function arithmetic(
  name: string,
  title: string,
  description: string,
  keywords: string[],
  apply: (a: number, b: number) => number,
  example: [number, number, number],
) {
  return defineOp({
    name: `math.${name}`,
    title,
    category: 'math',
    keywords,
    description,
    inputs: {
      a: { schema: z.number(), description: 'The left-hand number.' },
      b: { schema: z.number(), description: 'The right-hand number.' },
    },
    outputs: { result: { schema: z.number(), description: 'The result.' } },
    examples: [{ title: `${example[0]} and ${example[1]}`, inputs: { a: example[0], b: example[1] }, outputs: { result: example[2] } }],
    run: (inputs) => ({ result: apply(inputs.a, inputs.b) }),
  });
}

export const mathAdd = arithmetic('add', 'Add', 'a + b', ['plus', '+', 'addition'], (a, b) => a + b, [2, 3, 5]);
export const mathSubtract = arithmetic('subtract', 'Subtract', 'a − b', ['minus', '-', 'difference'], (a, b) => a - b, [5, 3, 2]);
export const mathMultiply = arithmetic('multiply', 'Multiply', 'a × b', ['times', '*', 'product'], (a, b) => a * b, [4, 2.5, 10]);
export const mathDivide = arithmetic(
  'divide',
  'Divide',
  'a ÷ b; dividing by zero fails with `division_by_zero`.',
  ['/', 'quotient', 'ratio', 'per'],
  (a, b) => {
    if (b === 0) throw new PatternError('division_by_zero', 'Cannot divide by zero');
    return a / b;
  },
  [9, 4, 2.25],
);
