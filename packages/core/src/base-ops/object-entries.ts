import { z } from 'zod';
import { JsonObjectSchema } from '../json/object-schema.ts';
import { defineOp } from '../ops/define-op.ts';
import { defineOwn } from './value-limits.ts';

const Object_ = { schema: JsonObjectSchema, description: 'The object.' };
const ORDER =
  'Keys come in the object’s order: keys that look like array indexes (`"0"`, `"7"`) first, ascending, then the others as they were added.';

export const objectKeys = defineOp({
  name: 'object.keys',
  title: 'Keys',
  category: 'object',
  description: `The object’s own keys. ${ORDER}`,
  keywords: ['fields', 'properties', 'names'],
  inputs: { object: Object_ },
  outputs: {
    keys: { schema: z.array(z.string()), description: 'The keys.' },
    count: { schema: z.number().int(), description: 'How many keys.' },
  },
  examples: [
    { title: 'A record', inputs: { object: { id: 1, name: 'Ada' } }, outputs: { keys: ['id', 'name'], count: 2 } },
    { title: 'Empty', inputs: { object: {} }, outputs: { keys: [], count: 0 } },
  ],
  run: (inputs) => {
    const keys = Object.keys(inputs.object);
    return { keys, count: keys.length };
  },
});

export const objectValues = defineOp({
  name: 'object.values',
  title: 'Values',
  category: 'object',
  description: `The object’s values, in the order of its keys. ${ORDER}`,
  keywords: ['fields', 'properties'],
  inputs: { object: Object_ },
  outputs: { values: { schema: z.array(z.unknown()), description: 'The values.' } },
  examples: [
    { title: 'Prices', inputs: { object: { tea: 3, cake: 4.5 } }, outputs: { values: [3, 4.5] } },
    { title: 'Nested values', inputs: { object: { a: { x: 1 }, b: [2] } }, outputs: { values: [{ x: 1 }, [2]] } },
  ],
  run: (inputs) => ({ values: Object.values(inputs.object) }),
});

const Entry = z.tuple([z.string(), z.unknown()]);

export const objectEntries = defineOp({
  name: 'object.entries',
  title: 'Entries',
  category: 'object',
  description: `The object as \`[key, value]\` pairs, the shape \`object.fromEntries\` takes back. ${ORDER}`,
  keywords: ['pairs', 'fields', 'to array'],
  inputs: { object: Object_ },
  outputs: { entries: { schema: z.array(Entry), description: 'The `[key, value]` pairs.' } },
  examples: [
    {
      title: 'Pairs',
      inputs: { object: { tea: 3, cake: 4.5 } },
      outputs: {
        entries: [
          ['tea', 3],
          ['cake', 4.5],
        ],
      },
    },
    { title: 'Empty', inputs: { object: {} }, outputs: { entries: [] } },
  ],
  run: (inputs) => ({ entries: Object.entries(inputs.object) }),
});

const EntryInput = z.union([Entry, z.object({ key: z.string(), value: z.unknown() })]);

export const objectFromEntries = defineOp({
  name: 'object.fromEntries',
  title: 'From entries',
  category: 'object',
  description:
    'Builds an object from `[key, value]` pairs or `{ key, value }` objects. When a key comes twice, the later value wins. Every key is kept as data, `__proto__` included.',
  keywords: ['pairs', 'to object', 'zip', 'dictionary'],
  inputs: { entries: { schema: z.array(EntryInput), description: 'The pairs: `[key, value]` or `{ key, value }`.' } },
  outputs: { object: { schema: JsonObjectSchema, description: 'The object.' } },
  examples: [
    {
      title: 'From pairs',
      inputs: {
        entries: [
          ['tea', 3],
          ['cake', 4.5],
        ],
      },
      outputs: { object: { tea: 3, cake: 4.5 } },
    },
    {
      title: 'From key/value objects, later wins',
      inputs: {
        entries: [
          { key: 'a', value: 1 },
          { key: 'b', value: 2 },
          { key: 'a', value: 3 },
        ],
      },
      outputs: { object: { a: 3, b: 2 } },
    },
  ],
  run: (inputs) => {
    const object: Record<string, unknown> = {};
    for (const entry of inputs.entries) {
      if (Array.isArray(entry)) defineOwn(object, entry[0], entry[1] ?? null);
      else defineOwn(object, entry.key, entry.value ?? null);
    }
    return { object };
  },
});
