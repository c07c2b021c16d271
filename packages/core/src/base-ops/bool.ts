import { z } from 'zod';
import { defineOp } from '../ops/define-op.ts';

const Bool = (description: string) => ({ schema: z.boolean(), description });
const More = (description: string) => ({ schema: z.boolean().optional(), description });

function connective(name: 'and' | 'or', title: string, description: string, keywords: string[], examples: Array<[boolean[], boolean]>) {
  return defineOp({
    name: `bool.${name}`,
    title,
    category: 'bool',
    description,
    keywords,
    inputs: {
      a: Bool('The first condition.'),
      b: Bool('The second condition.'),
      c: More('A third condition, when wired.'),
      d: More('A fourth condition, when wired.'),
    },
    outputs: { result: { schema: z.boolean(), description: 'The result.' } },
    examples: examples.map(([values, result]) => ({
      title: values.join(` ${name} `),
      inputs: Object.fromEntries(values.map((v, i) => ['abcd'[i], v])),
      outputs: { result },
    })),
    run: (inputs) => {
      const given = [inputs.a, inputs.b, inputs.c, inputs.d].filter((v) => v !== undefined);
      return { result: name === 'and' ? given.every(Boolean) : given.some(Boolean) };
    },
  });
}

export const boolAnd = connective(
  'and',
  'And',
  'True when every given condition is true. Takes 2 to 4 booleans; `cast.toBoolean` turns other values into one.',
  ['all', 'both', '&&', 'every'],
  [
    [[true, true], true],
    [[true, true, false], false],
  ],
);

export const boolOr = connective(
  'or',
  'Or',
  'True when at least one given condition is true. Takes 2 to 4 booleans; `cast.toBoolean` turns other values into one.',
  ['any', 'either', '||', 'some'],
  [
    [[false, true], true],
    [[false, false, false, false], false],
  ],
);

export const boolNot = defineOp({
  name: 'bool.not',
  title: 'Not',
  category: 'bool',
  description: 'True when the condition is false, false when it is true.',
  keywords: ['negate', 'invert', '!', 'opposite'],
  inputs: { value: Bool('The condition.') },
  outputs: { result: { schema: z.boolean(), description: 'The opposite.' } },
  examples: [
    { title: 'Not true', inputs: { value: true }, outputs: { result: false } },
    { title: 'Not false', inputs: { value: false }, outputs: { result: true } },
  ],
  run: (inputs) => ({ result: !inputs.value }),
});
