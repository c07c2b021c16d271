import { z } from 'zod';
import { getPath, setPath } from '../json/path.ts';
import { defineOp } from '../ops/define-op.ts';

const PlainObject = z.record(z.string(), z.unknown());

export const objectGet = defineOp({
  name: 'object.get',
  title: 'Get field',
  category: 'object',
  description:
    'Reads a dotted path (`customer.address.city`, `items.0.sku`). When the path is missing, `value` is not emitted (what depends on it is skipped) and `found` is false.',
  inputs: {
    object: { description: 'The object (or array) to read.' },
    path: { schema: z.string(), description: 'Dotted path; an empty path returns the whole value.' },
  },
  outputs: {
    value: { description: 'The value at the path.' },
    found: { schema: z.boolean(), description: 'Whether the path exists.' },
  },
  examples: [{ title: 'Nested field', inputs: { object: { user: { name: 'Ada' } }, path: 'user.name' }, outputs: { value: 'Ada', found: true } }],
  run: (inputs) => {
    const value = getPath(inputs.object, inputs.path);
    return value === undefined ? { found: false } : { value, found: true };
  },
});

export const objectSet = defineOp({
  name: 'object.set',
  title: 'Set field',
  category: 'object',
  description: 'Returns a copy of the object with a dotted path set; the input is never changed.',
  inputs: {
    object: { schema: PlainObject.default({}), description: 'The object to start from (empty when not given).' },
    path: { schema: z.string().min(1), description: 'Dotted path to set.' },
    value: { description: 'The value to put there.' },
  },
  outputs: { object: { schema: PlainObject, description: 'The updated copy.' } },
  examples: [{ title: 'Set a nested field', inputs: { object: { a: 1 }, path: 'b.c', value: 2 }, outputs: { object: { a: 1, b: { c: 2 } } } }],
  run: (inputs) => ({ object: setPath(inputs.object, inputs.path, inputs.value ?? null) as Record<string, unknown> }),
});

export const objectMerge = defineOp({
  name: 'object.merge',
  title: 'Merge objects',
  category: 'object',
  description: 'Shallow merge: the keys of `b` win over those of `a`.',
  inputs: {
    a: { schema: PlainObject, description: 'The base object.' },
    b: { schema: PlainObject, description: 'The object whose keys win.' },
  },
  outputs: { object: { schema: PlainObject, description: 'The merged object.' } },
  examples: [{ title: 'Merge', inputs: { a: { x: 1, y: 1 }, b: { y: 2 } }, outputs: { object: { x: 1, y: 2 } } }],
  run: (inputs) => ({ object: { ...inputs.a, ...inputs.b } }),
});

export const objectPick = defineOp({
  name: 'object.pick',
  title: 'Pick fields',
  category: 'object',
  description: 'Keeps only the listed top-level keys.',
  inputs: {
    object: { schema: PlainObject, description: 'The object to pick from.' },
    keys: { schema: z.array(z.string()), description: 'The keys to keep.' },
  },
  outputs: { object: { schema: PlainObject, description: 'An object with only those keys.' } },
  examples: [
    { title: 'Pick', inputs: { object: { id: 1, secret: 'x', name: 'Ada' }, keys: ['id', 'name'] }, outputs: { object: { id: 1, name: 'Ada' } } },
  ],
  run: (inputs) => ({
    object: Object.fromEntries(inputs.keys.filter((k) => Object.hasOwn(inputs.object, k)).map((k) => [k, inputs.object[k]])),
  }),
});
