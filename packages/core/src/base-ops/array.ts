import { z } from 'zod';
import { defineOp } from '../ops/define-op.ts';

const List = z.array(z.unknown());

export const arrayLength = defineOp({
  name: 'array.length',
  title: 'Length',
  category: 'array',
  keywords: ['count', 'size', 'how many'],
  description: 'The number of items in an array.',
  inputs: { array: { schema: List, description: 'The array.' } },
  outputs: { length: { schema: z.number().int(), description: 'How many items.' } },
  examples: [{ title: 'Three items', inputs: { array: [1, 2, 3] }, outputs: { length: 3 } }],
  run: (inputs) => ({ length: inputs.array.length }),
});

export const arrayAt = defineOp({
  name: 'array.at',
  title: 'Item at',
  category: 'array',
  keywords: ['index', 'nth', 'first', 'last', 'element'],
  description: 'The item at an index; negative indexes count from the end. Out of range: `value` is not emitted and `found` is false.',
  inputs: {
    array: { schema: List, description: 'The array.' },
    index: { schema: z.number().int(), description: 'Position; -1 is the last item.' },
  },
  outputs: {
    value: { description: 'The item.' },
    found: { schema: z.boolean(), description: 'Whether the index was in range.' },
  },
  examples: [{ title: 'Last item', inputs: { array: ['a', 'b', 'c'], index: -1 }, outputs: { value: 'c', found: true } }],
  run: (inputs) => {
    const value = inputs.array.at(inputs.index);
    return value === undefined ? { found: false } : { value, found: true };
  },
});

export const arrayConcat = defineOp({
  name: 'array.concat',
  title: 'Concatenate arrays',
  category: 'array',
  keywords: ['append', 'combine', 'join arrays'],
  description: 'The items of `a` followed by the items of `b`.',
  inputs: {
    a: { schema: List, description: 'The first array.' },
    b: { schema: List, description: 'The second array.' },
  },
  outputs: { array: { schema: List, description: 'All the items.' } },
  examples: [{ title: 'Join', inputs: { a: [1], b: [2, 3] }, outputs: { array: [1, 2, 3] } }],
  run: (inputs) => ({ array: [...inputs.a, ...inputs.b] }),
});
