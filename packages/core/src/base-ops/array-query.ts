import { z } from 'zod';
import { JsonObjectSchema } from '../json/object-schema.ts';
import { getPath, splitPath } from '../json/path.ts';
import { defineOp } from '../ops/define-op.ts';
import { toText } from './cast-rules.ts';
import { type CompareOperator, CompareOperatorSchema, compareValues } from './compare-values.ts';
import { defineOwn } from './value-limits.ts';

export const List = z.array(z.unknown());
export const ItemPath = {
  schema: z.string().default(''),
  description: 'Dotted path into each item (`customer.id`); empty uses the item itself.',
};

/** The value at `parts` in an item; a missing path reads as `null`, so it compares like a JSON null. */
export function readItem(item: unknown, parts: readonly string[]): unknown {
  const value = getPath(item, parts);
  return value === undefined ? null : value;
}

/** Whether an item's value at `path` compares true with `to` by `operator`: the test `array.filter` and `array.find` share. */
function itemMatcher(path: string, operator: CompareOperator, to: unknown): (item: unknown) => boolean {
  const parts = splitPath(path);
  const target = to ?? null;
  return (item) => compareValues(readItem(item, parts), operator, target);
}

const Compare = z.object({ operator: CompareOperatorSchema.default('eq').describe('How to compare: eq, ne, lt, lte, gt or gte.') });
const COMPARE_RULES =
  '`eq` and `ne` compare structurally (objects by content); `lt`, `lte`, `gt` and `gte` hold only between two numbers or two strings (by UTF-16 units, as `compare` does). A missing path reads as `null`.';
const Target = { description: 'The value each item’s field is compared with.' };

export const arrayFilter = defineOp({
  name: 'array.filter',
  title: 'Filter',
  category: 'array',
  description: `Keeps the items whose value at \`path\` compares true with \`to\` by \`operator\`, in order. ${COMPARE_RULES}`,
  keywords: ['where', 'select', 'keep', 'reject', 'query'],
  config: Compare,
  inputs: { array: { schema: List, description: 'The items.' }, path: ItemPath, to: Target },
  outputs: {
    array: { schema: List, description: 'The items that passed.' },
    count: { schema: z.number().int(), description: 'How many passed.' },
  },
  examples: [
    {
      title: 'Open orders',
      inputs: {
        array: [
          { id: 1, status: 'open' },
          { id: 2, status: 'done' },
          { id: 3, status: 'open' },
        ],
        path: 'status',
        to: 'open',
      },
      outputs: {
        array: [
          { id: 1, status: 'open' },
          { id: 3, status: 'open' },
        ],
        count: 2,
      },
    },
    { title: 'Numbers above 10', config: { operator: 'gt' }, inputs: { array: [4, 12, 10, 30], to: 10 }, outputs: { array: [12, 30], count: 2 } },
  ],
  run: (inputs, ctx) => {
    const array = inputs.array.filter(itemMatcher(inputs.path, ctx.config.operator, inputs.to));
    return { array, count: array.length };
  },
});

export const arrayFind = defineOp({
  name: 'array.find',
  title: 'Find',
  category: 'array',
  description: `The first item whose value at \`path\` compares true with \`to\` by \`operator\`, and its index. When none does, only \`found\` (false) is emitted. ${COMPARE_RULES}`,
  keywords: ['first', 'search', 'lookup', 'locate', 'indexOf'],
  config: Compare,
  inputs: { array: { schema: List, description: 'The items.' }, path: ItemPath, to: Target },
  outputs: {
    item: { description: 'The first matching item.' },
    index: { schema: z.number().int(), description: 'Its position, from 0.' },
    found: { schema: z.boolean(), description: 'Whether an item matched.' },
  },
  examples: [
    {
      title: 'A user by email',
      inputs: {
        array: [
          { id: 1, email: 'ada@example.com' },
          { id: 2, email: 'alan@example.com' },
        ],
        path: 'email',
        to: 'alan@example.com',
      },
      outputs: { item: { id: 2, email: 'alan@example.com' }, index: 1, found: true },
    },
    { title: 'None', config: { operator: 'gt' }, inputs: { array: [1, 2, 3], to: 5 }, outputs: { found: false } },
  ],
  run: (inputs, ctx) => {
    const index = inputs.array.findIndex(itemMatcher(inputs.path, ctx.config.operator, inputs.to));
    return index < 0 ? { found: false } : { item: inputs.array[index] ?? null, index, found: true };
  },
});

export const arrayPluck = defineOp({
  name: 'array.pluck',
  title: 'Pluck',
  category: 'array',
  description:
    'The value at a dotted path of each item, in order (`[{ id: 1 }, { id: 2 }]` with path `id` gives `[1, 2]`). An item without the path gives `null`, or is left out with `skipMissing`.',
  keywords: ['map', 'pick', 'column', 'extract', 'field of each'],
  config: z.object({ skipMissing: z.boolean().default(false).describe('Leave out items that lack the path, instead of giving null.') }),
  inputs: {
    array: { schema: List, description: 'The items.' },
    path: { schema: z.string().min(1), description: 'Dotted path into each item.' },
  },
  outputs: { values: { schema: List, description: 'The values, one per item.' } },
  examples: [
    { title: 'Ids', inputs: { array: [{ id: 1 }, { id: 2 }, {}], path: 'id' }, outputs: { values: [1, 2, null] } },
    {
      title: 'Nested, skipping the missing',
      config: { skipMissing: true },
      inputs: { array: [{ user: { name: 'Ada' } }, { user: {} }], path: 'user.name' },
      outputs: { values: ['Ada'] },
    },
  ],
  run: (inputs, ctx) => {
    const parts = splitPath(inputs.path);
    const values: unknown[] = [];
    for (const item of inputs.array) {
      const value = getPath(item, parts);
      if (value !== undefined) values.push(value);
      else if (!ctx.config.skipMissing) values.push(null);
    }
    return { values };
  },
});

/** The group key of a value: text as it is, other scalars as `cast.toString` writes them, objects and arrays as sorted-key JSON. */
function groupKey(value: unknown): string {
  return value === null ? 'null' : toText(value);
}

export const arrayGroupBy = defineOp({
  name: 'array.groupBy',
  title: 'Group by',
  category: 'array',
  description:
    'Sorts items into groups by their value at a dotted path: an object whose keys are those values as text (numbers and booleans as they print, `null` as `"null"`, objects and arrays as JSON) and whose values are arrays of the items, in order. Items without the path are left out. Every key is kept as data, even `__proto__`.',
  keywords: ['group', 'bucket', 'partition', 'index by', 'categorize'],
  inputs: {
    array: { schema: List, description: 'The items.' },
    path: { schema: z.string().min(1), description: 'Dotted path into each item whose value names its group.' },
  },
  outputs: {
    groups: { schema: JsonObjectSchema, description: 'The items of each group, by key.' },
    keys: { schema: z.array(z.string()), description: 'The group keys, in the order each first appeared.' },
  },
  examples: [
    {
      title: 'Orders by status',
      inputs: {
        array: [
          { id: 1, status: 'open' },
          { id: 2, status: 'done' },
          { id: 3, status: 'open' },
        ],
        path: 'status',
      },
      outputs: {
        groups: {
          open: [
            { id: 1, status: 'open' },
            { id: 3, status: 'open' },
          ],
          done: [{ id: 2, status: 'done' }],
        },
        keys: ['open', 'done'],
      },
    },
    {
      title: 'By a number',
      inputs: {
        array: [
          { n: 'a', size: 2 },
          { n: 'b', size: 1 },
          { n: 'c', size: 2 },
        ],
        path: 'size',
      },
      outputs: {
        groups: {
          '1': [{ n: 'b', size: 1 }],
          '2': [
            { n: 'a', size: 2 },
            { n: 'c', size: 2 },
          ],
        },
        keys: ['2', '1'],
      },
    },
  ],
  run: (inputs) => {
    const parts = splitPath(inputs.path);
    const byKey = new Map<string, unknown[]>();
    for (const item of inputs.array) {
      const value = getPath(item, parts);
      if (value === undefined) continue;
      const key = groupKey(value);
      const group = byKey.get(key);
      if (group) group.push(item);
      else byKey.set(key, [item]);
    }
    const groups: Record<string, unknown> = {};
    for (const [key, items] of byKey) defineOwn(groups, key, items);
    return { groups, keys: [...byKey.keys()] };
  },
});
