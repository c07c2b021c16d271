import { z } from 'zod';
import { PatternError } from '../errors.ts';
import { defineOp } from '../ops/define-op.ts';
import { finiteResult, invalidInput } from './value-limits.ts';

const Num = (description: string) => ({ schema: z.number(), description });
const Result = { result: { schema: z.number(), description: 'The result.' } };

/** The sum of finite numbers with Neumaier's compensation, so `0.1 + 0.2 + 0.3` adds up as 0.6 and large and small terms do not swallow each other. */
export function sumNumbers(values: readonly number[]): number {
  let sum = 0;
  let compensation = 0;
  for (const value of values) {
    const next = sum + value;
    if (!Number.isFinite(next)) throw new PatternError('out_of_range', 'The sum is too large to represent');
    compensation += Math.abs(sum) >= Math.abs(value) ? sum - next + value : value - next + sum;
    sum = next;
  }
  return finiteResult(sum + compensation, 'The sum');
}

function extreme(name: 'min' | 'max', title: string, pick: (values: number[]) => number, examples: Array<[string, Record<string, unknown>, number]>) {
  return defineOp({
    name: `math.${name}`,
    title,
    category: 'math',
    description: `The ${name === 'min' ? 'smallest' : 'largest'} of the numbers given: \`a\` to \`d\` and every item of \`values\`, in any mix. At least one number is needed (\`invalid_input\` otherwise).`,
    keywords: name === 'min' ? ['minimum', 'smallest', 'lowest', 'least'] : ['maximum', 'largest', 'highest', 'greatest'],
    inputs: {
      a: { schema: z.number().optional(), description: 'A number.' },
      b: { schema: z.number().optional(), description: 'A number.' },
      c: { schema: z.number().optional(), description: 'A number.' },
      d: { schema: z.number().optional(), description: 'A number.' },
      values: { schema: z.array(z.number()).optional(), description: 'More numbers, as an array.' },
    },
    outputs: Result,
    examples: examples.map(([title, inputs, result]) => ({ title, inputs, outputs: { result } })),
    run: (inputs) => {
      const numbers = [inputs.a, inputs.b, inputs.c, inputs.d].filter((n) => n !== undefined);
      for (const n of inputs.values ?? []) numbers.push(n);
      if (numbers.length === 0) throw invalidInput('values', `math.${name} needs at least one number`);
      return { result: finiteResult(pick(numbers), 'The result') };
    },
  });
}

function fold(numbers: number[], better: (x: number, y: number) => boolean): number {
  let best = numbers[0] as number;
  for (const n of numbers) if (better(n, best)) best = n;
  return best;
}

export const mathMin = extreme('min', 'Minimum', (n) => fold(n, (x, y) => x < y), [
  ['Two numbers', { a: 3, b: -1 }, -1],
  ['An array', { values: [5, 2, 9] }, 2],
]);

export const mathMax = extreme('max', 'Maximum', (n) => fold(n, (x, y) => x > y), [
  ['Two numbers', { a: 3, b: -1 }, 3],
  ['A number and an array', { a: 4, values: [5, 2, 9] }, 9],
]);

export const mathAbs = defineOp({
  name: 'math.abs',
  title: 'Absolute value',
  category: 'math',
  description: 'The number without its sign: −5 becomes 5.',
  keywords: ['absolute', 'magnitude', 'positive'],
  inputs: { value: Num('The number.') },
  outputs: Result,
  examples: [
    { title: 'Negative', inputs: { value: -5.5 }, outputs: { result: 5.5 } },
    { title: 'Positive', inputs: { value: 3 }, outputs: { result: 3 } },
  ],
  run: (inputs) => ({ result: finiteResult(Math.abs(inputs.value), 'The result') }),
});

export const mathMod = defineOp({
  name: 'math.mod',
  title: 'Modulo',
  category: 'math',
  description:
    'The remainder of `a ÷ b`. By default it takes the sign of `b`, as in mathematics (−1 mod 3 is 2: handy for wrapping around); with `sign: dividend` it takes the sign of `a`, as JavaScript’s `%` does (−1 % 3 is −1). `b` = 0 fails with `division_by_zero`.',
  keywords: ['remainder', '%', 'modulus', 'wrap', 'even odd'],
  config: z.object({
    sign: z.enum(['divisor', 'dividend']).default('divisor').describe('Whose sign the result takes: `divisor` (b) or `dividend` (a).'),
  }),
  inputs: { a: Num('The dividend.'), b: Num('The divisor.') },
  outputs: Result,
  examples: [
    { title: '7 mod 3', inputs: { a: 7, b: 3 }, outputs: { result: 1 } },
    { title: 'Wrapping around', inputs: { a: -1, b: 3 }, outputs: { result: 2 } },
    { title: 'Like %', config: { sign: 'dividend' }, inputs: { a: -1, b: 3 }, outputs: { result: -1 } },
  ],
  run: (inputs, ctx) => {
    if (inputs.b === 0) throw new PatternError('division_by_zero', 'Cannot take a remainder of division by zero', { port: 'b' });
    const remainder = inputs.a % inputs.b;
    const floored = remainder !== 0 && remainder < 0 !== inputs.b < 0 ? remainder + inputs.b : remainder;
    return { result: finiteResult(ctx.config.sign === 'dividend' ? remainder : floored, 'The remainder') };
  },
});

export const mathPow = defineOp({
  name: 'math.pow',
  title: 'Power',
  category: 'math',
  description:
    '`base` raised to `exponent`; a fractional exponent takes a root (`exponent` 0.5 is the square root). A result too large for a double fails with `out_of_range`, and one that is not a real number (a root of a negative number) with `invalid_input`.',
  keywords: ['power', 'exponent', 'square', 'sqrt', 'root', '**'],
  inputs: { base: Num('The base.'), exponent: Num('The exponent.') },
  outputs: Result,
  examples: [
    { title: '2 to the 10th', inputs: { base: 2, exponent: 10 }, outputs: { result: 1024 } },
    { title: 'Square root', inputs: { base: 81, exponent: 0.5 }, outputs: { result: 9 } },
  ],
  run: (inputs) => ({ result: finiteResult(inputs.base ** inputs.exponent, `${inputs.base} to the power ${inputs.exponent}`) }),
});

export const mathClamp = defineOp({
  name: 'math.clamp',
  title: 'Clamp',
  category: 'math',
  description:
    'Keeps a number within `min` and `max` (both included): below `min` it becomes `min`, above `max` it becomes `max`. `min` above `max` fails with `invalid_input`.',
  keywords: ['limit', 'bound', 'range', 'between', 'constrain'],
  inputs: { value: Num('The number.'), min: Num('The lowest it may be.'), max: Num('The highest it may be.') },
  outputs: Result,
  examples: [
    { title: 'Too high', inputs: { value: 140, min: 0, max: 100 }, outputs: { result: 100 } },
    { title: 'In range', inputs: { value: 42, min: 0, max: 100 }, outputs: { result: 42 } },
  ],
  run: (inputs) => {
    if (inputs.min > inputs.max) throw invalidInput('min', `min (${inputs.min}) is above max (${inputs.max})`);
    return { result: finiteResult(Math.min(Math.max(inputs.value, inputs.min), inputs.max), 'The result') };
  },
});

export const mathSum = defineOp({
  name: 'math.sum',
  title: 'Sum',
  category: 'math',
  description:
    'Adds up an array of numbers (0 for an empty array), with compensated summation so rounding errors do not pile up (`0.1 + 0.2 + 0.3` is 0.6). A sum too large for a double fails with `out_of_range`. To add up a field of each item, use `array.sum`.',
  keywords: ['total', 'add up', 'addition', 'aggregate'],
  inputs: { values: { schema: z.array(z.number()), description: 'The numbers.' } },
  outputs: Result,
  examples: [
    { title: 'Add up', inputs: { values: [0.1, 0.2, 0.3] }, outputs: { result: 0.6 } },
    { title: 'Nothing', inputs: { values: [] }, outputs: { result: 0 } },
  ],
  run: (inputs) => ({ result: sumNumbers(inputs.values) }),
});
