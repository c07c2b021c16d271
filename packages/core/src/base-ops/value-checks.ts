import { z } from 'zod';
import { defineOp } from '../ops/define-op.ts';

const Candidate = (description: string) => ({ description });

export const valueCoalesce = defineOp({
  name: 'value.coalesce',
  title: 'First non-null',
  category: 'value',
  description:
    'The first of `a`, `b`, `c`, `d` that holds a value other than `null`; `found` is false (and `value` not emitted) when none does. Like every op, it waits for all its wired inputs: a wired input that is skipped skips it (use `flow.merge` to take whichever value arrives).',
  keywords: ['default', 'fallback', 'null', '??', 'or else'],
  inputs: {
    a: Candidate('The first choice.'),
    b: Candidate('Used when `a` is null or not given.'),
    c: Candidate('Used when `a` and `b` are null or not given.'),
    d: Candidate('The last choice.'),
  },
  outputs: {
    value: { description: 'The first non-null value.' },
    found: { schema: z.boolean(), description: 'Whether any input held one.' },
  },
  examples: [
    { title: 'A default', inputs: { a: null, b: 'guest' }, outputs: { value: 'guest', found: true } },
    { title: 'False and 0 count as values', inputs: { a: 0, b: 5 }, outputs: { value: 0, found: true } },
    { title: 'Nothing', inputs: { a: null }, outputs: { found: false } },
  ],
  run: (inputs) => {
    for (const value of [inputs.a, inputs.b, inputs.c, inputs.d]) if (value !== undefined && value !== null) return { value, found: true };
    return { found: false };
  },
});

export function isEmptyValue(value: unknown, trim: boolean): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return (trim ? value.trim() : value) === '';
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}

export const valueIsEmpty = defineOp({
  name: 'value.isEmpty',
  title: 'Is empty',
  category: 'value',
  description:
    'True for `null`, empty text, an empty array and an object with no keys (and for text of only white space with `trim`). Numbers and booleans are never empty: `0` and `false` are values.',
  keywords: ['blank', 'null', 'missing', 'nil', 'present'],
  config: z.object({ trim: z.boolean().default(false).describe('Count text of only white space as empty.') }),
  inputs: { value: { description: 'The value to check.' } },
  outputs: { result: { schema: z.boolean(), description: 'Whether it is empty.' } },
  examples: [
    { title: 'An empty list', inputs: { value: [] }, outputs: { result: true } },
    { title: 'Zero is a value', inputs: { value: 0 }, outputs: { result: false } },
    { title: 'Blank text', config: { trim: true }, inputs: { value: '  ' }, outputs: { result: true } },
  ],
  run: (inputs, ctx) => ({ result: isEmptyValue(inputs.value, ctx.config.trim) }),
});

export const JSON_TYPES = ['null', 'boolean', 'number', 'string', 'array', 'object'] as const;

export function typeOf(value: unknown): (typeof JSON_TYPES)[number] {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  const type = typeof value;
  return type === 'boolean' || type === 'number' || type === 'string' ? type : 'object';
}

export const valueTypeOf = defineOp({
  name: 'value.typeOf',
  title: 'Type of',
  category: 'value',
  description:
    'The JSON type of a value: `null`, `boolean`, `number`, `string`, `array` or `object` (unlike JavaScript’s `typeof`, arrays and `null` are not `object`). `integer` says whether a number is a whole one.',
  keywords: ['type', 'kind', 'typeof', 'is array', 'is number'],
  inputs: { value: { description: 'The value to look at.' } },
  outputs: {
    type: { schema: z.enum(JSON_TYPES), description: 'The JSON type.' },
    integer: { schema: z.boolean(), description: 'Whether it is a whole number.' },
  },
  examples: [
    { title: 'An array', inputs: { value: [1, 2] }, outputs: { type: 'array', integer: false } },
    { title: 'A whole number', inputs: { value: 42 }, outputs: { type: 'number', integer: true } },
    { title: 'Null', inputs: { value: null }, outputs: { type: 'null', integer: false } },
  ],
  run: (inputs) => ({ type: typeOf(inputs.value), integer: Number.isInteger(inputs.value) }),
});
