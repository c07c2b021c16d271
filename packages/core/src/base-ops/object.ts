import { z } from 'zod';
import { tooDeep, valueTooDeep } from '../json/depth.ts';
import { JsonObjectSchema } from '../json/object-schema.ts';
import { getPath, setPath, splitPath } from '../json/path.ts';
import { defineOp } from '../ops/define-op.ts';

export const objectGet = defineOp({
  name: 'object.get',
  title: 'Get field',
  category: 'object',
  keywords: ['read', 'path', 'lookup', 'property', 'dig'],
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
  keywords: ['write', 'assign', 'put', 'update'],
  description:
    'Returns a copy of the object with a dotted path set; the input is never changed. A result that would nest deeper than the value limit (`limits.maxValueDepth`, 256 levels) fails with `too_deep`.',
  inputs: {
    object: { schema: JsonObjectSchema.default({}), description: 'The object to start from (empty when not given).' },
    path: { schema: z.string().min(1), description: 'Dotted path to set.' },
    value: { description: 'The value to put there.' },
  },
  outputs: { object: { schema: JsonObjectSchema, description: 'The updated copy.' } },
  examples: [{ title: 'Set a nested field', inputs: { object: { a: 1 }, path: 'b.c', value: 2 }, outputs: { object: { a: 1, b: { c: 2 } } } }],
  run: (inputs, ctx) => {
    const max = ctx.limits.maxValueDepth;
    const levels = splitPath(inputs.path).length;
    if (levels > max) throw tooDeep('path', max, `path has ${levels} segments: the result would nest deeper than ${max} levels`);
    const value = inputs.value ?? null;
    if (valueTooDeep(value, max - levels))
      throw tooDeep('value', max, `value set at a path of ${levels} segments would nest deeper than ${max} levels`);
    return { object: setPath(inputs.object, inputs.path, value) as Record<string, unknown> };
  },
});

export const objectMerge = defineOp({
  name: 'object.merge',
  title: 'Merge objects',
  category: 'object',
  keywords: ['assign', 'spread', 'combine', 'extend'],
  description: 'Shallow merge: the keys of `b` win over those of `a`.',
  inputs: {
    a: { schema: JsonObjectSchema, description: 'The base object.' },
    b: { schema: JsonObjectSchema, description: 'The object whose keys win.' },
  },
  outputs: { object: { schema: JsonObjectSchema, description: 'The merged object.' } },
  examples: [{ title: 'Merge', inputs: { a: { x: 1, y: 1 }, b: { y: 2 } }, outputs: { object: { x: 1, y: 2 } } }],
  run: (inputs) => ({ object: { ...inputs.a, ...inputs.b } }),
});

export const objectPick = defineOp({
  name: 'object.pick',
  title: 'Pick fields',
  category: 'object',
  keywords: ['select', 'only', 'whitelist', 'subset'],
  description: 'Keeps only the listed top-level keys.',
  inputs: {
    object: { schema: JsonObjectSchema, description: 'The object to pick from.' },
    keys: { schema: z.array(z.string()), description: 'The keys to keep.' },
  },
  outputs: { object: { schema: JsonObjectSchema, description: 'An object with only those keys.' } },
  examples: [
    { title: 'Pick', inputs: { object: { id: 1, secret: 'x', name: 'Ada' }, keys: ['id', 'name'] }, outputs: { object: { id: 1, name: 'Ada' } } },
  ],
  run: (inputs) => ({
    object: Object.fromEntries(inputs.keys.filter((k) => Object.hasOwn(inputs.object, k)).map((k) => [k, inputs.object[k]])),
  }),
});
