import { z } from 'zod';
import { splitPath } from '../json/path.ts';
import { defineOp } from '../ops/define-op.ts';
import { ItemPath, List, readItem } from './array-query.ts';
import { sumNumbers } from './math-functions.ts';
import { compareCodePoints } from './string-code-points.ts';
import { canonicalText } from './value-canonical.ts';
import { invalidInput, MAX_ITEMS } from './value-limits.ts';

/** Numbers sort before text, text before booleans; anything else keeps its place after them. */
function typeRank(value: unknown): number {
  if (typeof value === 'number') return 0;
  if (typeof value === 'string') return 1;
  if (typeof value === 'boolean') return 2;
  return 3;
}

export const arraySort = defineOp({
  name: 'array.sort',
  title: 'Sort',
  category: 'array',
  description:
    'Sorts items by their value at a dotted path (or the items themselves). Numbers sort as numbers (2 before 10); text by code point by default (the same order on every server, upper case before lower case) or `natural`ly (by the `en` collation, with numbers in text by value: `file2` before `file10`, case and accents second); `false` before `true`. Numbers come first, then text, then booleans; items whose value is anything else (missing, `null`, objects, arrays) come last in their original order. The sort is stable: equal items keep their order.',
  keywords: ['order', 'order by', 'sort by', 'rank', 'arrange'],
  config: z.object({
    order: z.enum(['asc', 'desc']).default('asc').describe('`asc` (smallest first) or `desc` (largest first).'),
    text: z.enum(['codePoint', 'natural']).default('codePoint').describe('How text compares: `codePoint` or `natural`.'),
  }),
  inputs: { array: { schema: List, description: 'The items.' }, path: ItemPath },
  outputs: { array: { schema: List, description: 'The sorted copy.' } },
  examples: [
    { title: 'Numbers', inputs: { array: [10, 2, 33, 4] }, outputs: { array: [2, 4, 10, 33] } },
    {
      title: 'By price, highest first',
      config: { order: 'desc' },
      inputs: {
        array: [
          { sku: 'a', price: 5 },
          { sku: 'b', price: 12 },
          { sku: 'c', price: 8 },
        ],
        path: 'price',
      },
      outputs: {
        array: [
          { sku: 'b', price: 12 },
          { sku: 'c', price: 8 },
          { sku: 'a', price: 5 },
        ],
      },
    },
    {
      title: 'File names, naturally',
      config: { text: 'natural' },
      inputs: { array: ['file10', 'File2', 'file1'] },
      outputs: { array: ['file1', 'File2', 'file10'] },
    },
  ],
  run: (inputs, ctx) => {
    const parts = splitPath(inputs.path);
    const direction = ctx.config.order === 'desc' ? -1 : 1;
    const collator = ctx.config.text === 'natural' ? new Intl.Collator('en', { numeric: true }) : undefined;
    const compareText = collator ? collator.compare : compareCodePoints;
    const keyed = inputs.array.map((item) => {
      const key = readItem(item, parts);
      return { item, key, rank: typeRank(key) };
    });
    keyed.sort((x, y) => {
      if (x.rank !== y.rank) return x.rank - y.rank;
      if (x.rank === 0) return direction * ((x.key as number) - (y.key as number));
      if (x.rank === 1) return direction * compareText(x.key as string, y.key as string);
      if (x.rank === 2) return direction * (Number(x.key) - Number(y.key));
      return 0;
    });
    return { array: keyed.map((entry) => entry.item) };
  },
});

export const arrayUnique = defineOp({
  name: 'array.unique',
  title: 'Unique',
  category: 'array',
  description:
    'Drops repeated items, keeping the first of each. Two items repeat when their values at `path` (or the items themselves) are equal as JSON: objects with the same keys and values in any key order are equal, `1` and `"1"` are not. A missing path reads as `null`.',
  keywords: ['distinct', 'dedupe', 'deduplicate', 'uniq', 'set'],
  inputs: { array: { schema: List, description: 'The items.' }, path: ItemPath },
  outputs: {
    array: { schema: List, description: 'The items without repeats, in order.' },
    count: { schema: z.number().int(), description: 'How many are left.' },
  },
  examples: [
    { title: 'Tags', inputs: { array: ['a', 'b', 'a', 'c', 'b'] }, outputs: { array: ['a', 'b', 'c'], count: 3 } },
    {
      title: 'One per email',
      inputs: {
        array: [
          { id: 1, email: 'ada@x.org' },
          { id: 2, email: 'alan@x.org' },
          { id: 3, email: 'ada@x.org' },
        ],
        path: 'email',
      },
      outputs: {
        array: [
          { id: 1, email: 'ada@x.org' },
          { id: 2, email: 'alan@x.org' },
        ],
        count: 2,
      },
    },
    {
      title: 'Objects in any key order',
      inputs: {
        array: [
          { a: 1, b: 2 },
          { b: 2, a: 1 },
        ],
      },
      outputs: { array: [{ a: 1, b: 2 }], count: 1 },
    },
  ],
  run: (inputs) => {
    const parts = splitPath(inputs.path);
    const seen = new Set<string>();
    const array = inputs.array.filter((item) => {
      const key = canonicalText(readItem(item, parts));
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    return { array, count: array.length };
  },
});

export const arrayChunk = defineOp({
  name: 'array.chunk',
  title: 'Chunk',
  category: 'array',
  description: 'Cuts an array into arrays of `size` items, in order; the last one holds what is left. An empty array gives no chunks.',
  keywords: ['batch', 'split', 'page', 'groups of', 'partition'],
  inputs: {
    array: { schema: List, description: 'The items.' },
    size: { schema: z.number().int().min(1).max(MAX_ITEMS), description: 'Items per chunk.' },
  },
  outputs: { chunks: { schema: z.array(List), description: 'The chunks.' } },
  examples: [
    { title: 'Pairs', inputs: { array: [1, 2, 3, 4, 5], size: 2 }, outputs: { chunks: [[1, 2], [3, 4], [5]] } },
    { title: 'Batches of 100', inputs: { array: ['a', 'b'], size: 100 }, outputs: { chunks: [['a', 'b']] } },
  ],
  run: (inputs) => {
    const chunks: unknown[][] = [];
    for (let i = 0; i < inputs.array.length; i += inputs.size) chunks.push(inputs.array.slice(i, i + inputs.size));
    return { chunks };
  },
});

export const arraySum = defineOp({
  name: 'array.sum',
  title: 'Sum',
  category: 'array',
  description:
    'Adds up the numbers at a dotted path of each item (or the items themselves), with compensated summation as `math.sum`. Items where the value is missing or `null` are passed over; any other value that is not a number fails with `invalid_input` naming the item.',
  keywords: ['total', 'add up', 'aggregate', 'reduce'],
  inputs: { array: { schema: List, description: 'The items.' }, path: ItemPath },
  outputs: {
    result: { schema: z.number(), description: 'The sum (0 when nothing was added).' },
    count: { schema: z.number().int(), description: 'How many numbers were added.' },
  },
  examples: [
    {
      title: 'Order total',
      inputs: { array: [{ sku: 'a', price: 2.5 }, { sku: 'b', price: 4 }, { sku: 'c' }], path: 'price' },
      outputs: { result: 6.5, count: 2 },
    },
    { title: 'Plain numbers', inputs: { array: [1, 2, 3] }, outputs: { result: 6, count: 3 } },
  ],
  run: (inputs) => {
    const parts = splitPath(inputs.path);
    const numbers: number[] = [];
    inputs.array.forEach((item, i) => {
      const value = readItem(item, parts);
      if (value === null) return;
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw invalidInput('array', `Item ${i}${parts.length ? ` at "${inputs.path}"` : ''} is not a number`, { index: i });
      }
      numbers.push(value);
    });
    return { result: sumNumbers(numbers), count: numbers.length };
  },
});
