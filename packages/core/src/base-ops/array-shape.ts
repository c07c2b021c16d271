import { z } from 'zod';
import { defineOp } from '../ops/define-op.ts';
import { List } from './array-query.ts';
import { canonicalText } from './value-canonical.ts';
import { MAX_ITEMS, tooLarge } from './value-limits.ts';

export const arraySlice = defineOp({
  name: 'array.slice',
  title: 'Slice',
  category: 'array',
  keywords: ['take', 'first', 'last', 'limit', 'page', 'skip'],
  description:
    'The items from `start` up to (not including) `end`. Negative indexes count from the end (`-1` is the last item); a missing `end` means to the end. Indexes past either end are clamped, so a slice is never an error.',
  inputs: {
    array: { schema: List, description: 'The items.' },
    start: { schema: z.number().int().default(0), description: 'The first index to keep (0 is the first item; negative counts from the end).' },
    end: { schema: z.number().int().optional(), description: 'The index to stop before; missing means to the end.' },
  },
  outputs: { array: { schema: List, description: 'The items in the range.' } },
  examples: [
    { title: 'The first two', inputs: { array: ['a', 'b', 'c', 'd'], start: 0, end: 2 }, outputs: { array: ['a', 'b'] } },
    { title: 'The last three', inputs: { array: [1, 2, 3, 4, 5], start: -3 }, outputs: { array: [3, 4, 5] } },
  ],
  run: (inputs) => ({ array: inputs.array.slice(inputs.start, inputs.end) }),
});

export const arrayReverse = defineOp({
  name: 'array.reverse',
  title: 'Reverse',
  category: 'array',
  keywords: ['backwards', 'invert order', 'newest first'],
  description: 'The items in the opposite order; the input array is left as it was.',
  inputs: { array: { schema: List, description: 'The items.' } },
  outputs: { array: { schema: List, description: 'The items, last first.' } },
  examples: [
    { title: 'Numbers', inputs: { array: [1, 2, 3] }, outputs: { array: [3, 2, 1] } },
    { title: 'Mixed items', inputs: { array: ['a', { b: 1 }, null] }, outputs: { array: [null, { b: 1 }, 'a'] } },
  ],
  run: (inputs) => ({ array: [...inputs.array].reverse() }),
});

export const arrayFlatten = defineOp({
  name: 'array.flatten',
  title: 'Flatten',
  category: 'array',
  keywords: ['flat', 'unnest', 'concat all', 'merge lists'],
  description:
    'Puts the items of nested arrays in their place, `depth` levels deep (1 by default: `[[1], [2, [3]]]` gives `[1, 2, [3]]`). Items that are not arrays stay as they are.',
  config: z.object({ depth: z.number().int().min(1).max(64).default(1).describe('How many levels of nesting to remove (1 to 64).') }),
  inputs: { array: { schema: List, description: 'The items, some of them arrays.' } },
  outputs: { array: { schema: List, description: 'The flattened items.' } },
  examples: [
    { title: 'One level', inputs: { array: [[1, 2], [3], 4] }, outputs: { array: [1, 2, 3, 4] } },
    { title: 'Two levels', config: { depth: 2 }, inputs: { array: [1, [2, [3, [4]]]] }, outputs: { array: [1, 2, 3, [4]] } },
  ],
  run: (inputs, ctx) => {
    const flat = inputs.array.flat(ctx.config.depth);
    if (flat.length > MAX_ITEMS) throw tooLarge('array', `Flattening gives ${flat.length} items; at most ${MAX_ITEMS} are allowed`);
    return { array: flat };
  },
});

export const arrayIncludes = defineOp({
  name: 'array.includes',
  title: 'Includes',
  category: 'array',
  keywords: ['contains', 'in list', 'member', 'has item'],
  description:
    'Whether an item equal to `value` is in the array, and at which index (-1 when none is). Objects and arrays are equal when their JSON is, whatever the order of their keys.',
  inputs: {
    array: { schema: List, description: 'The items.' },
    value: { description: 'The item to look for.' },
  },
  outputs: {
    found: { schema: z.boolean(), description: 'Whether it is there.' },
    index: { schema: z.number().int(), description: 'The index of the first equal item, or -1.' },
  },
  examples: [
    { title: 'A role in a list', inputs: { array: ['reader', 'editor'], value: 'editor' }, outputs: { found: true, index: 1 } },
    { title: 'An object, keys in another order', inputs: { array: [{ a: 1, b: 2 }], value: { b: 2, a: 1 } }, outputs: { found: true, index: 0 } },
    { title: 'Not there', inputs: { array: [1, 2], value: 3 }, outputs: { found: false, index: -1 } },
  ],
  run: (inputs) => {
    const wanted = inputs.value ?? null;
    const plain = wanted === null || typeof wanted !== 'object';
    const target = plain ? undefined : canonicalText(wanted);
    const index = inputs.array.findIndex((item) =>
      plain ? item === wanted : item !== null && typeof item === 'object' && canonicalText(item) === target,
    );
    return { found: index >= 0, index };
  },
});
