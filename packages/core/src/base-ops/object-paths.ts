import { z } from 'zod';
import { JsonObjectSchema } from '../json/object-schema.ts';
import { getPath, splitPath } from '../json/path.ts';
import { defineOp } from '../ops/define-op.ts';

export const objectHas = defineOp({
  name: 'object.has',
  title: 'Has field',
  category: 'object',
  description:
    'Whether a dotted path (`customer.address.city`, `items.0.sku`) exists in the value. A field that holds `null` exists; inherited names such as `constructor` or `__proto__` exist only as the object’s own keys.',
  keywords: ['exists', 'contains key', 'hasOwn', 'in'],
  inputs: {
    object: { description: 'The object (or array) to look in.' },
    path: { schema: z.string(), description: 'Dotted path; an empty path asks whether there is a value at all.' },
  },
  outputs: { result: { schema: z.boolean(), description: 'Whether the path exists.' } },
  examples: [
    { title: 'A nested field', inputs: { object: { user: { email: null } }, path: 'user.email' }, outputs: { result: true } },
    { title: 'A missing item', inputs: { object: { items: [{ sku: 'a' }] }, path: 'items.1.sku' }, outputs: { result: false } },
  ],
  run: (inputs) => ({ result: getPath(inputs.object, inputs.path) !== undefined }),
});

/** A copy of `value` without what `parts` points to, copying only the containers on the way; undefined when the path is missing. */
function withoutPath(value: unknown, parts: readonly string[], at: number): unknown {
  if (value === null || typeof value !== 'object') return undefined;
  const key = parts[at] as string;
  if (!Object.hasOwn(value, key)) return undefined;
  const last = at === parts.length - 1;
  if (Array.isArray(value)) {
    const index = Number(key);
    if (!Number.isInteger(index) || String(index) !== key) return undefined;
    const copy = [...value];
    if (last) copy.splice(index, 1);
    else {
      const child = withoutPath(value[index], parts, at + 1);
      if (child === undefined) return undefined;
      copy[index] = child;
    }
    return copy;
  }
  const copy = { ...(value as Record<string, unknown>) };
  if (last) delete copy[key];
  else {
    const child = withoutPath((value as Record<string, unknown>)[key], parts, at + 1);
    if (child === undefined) return undefined;
    Object.defineProperty(copy, key, { value: child, writable: true, enumerable: true, configurable: true });
  }
  return copy;
}

export const objectDelete = defineOp({
  name: 'object.delete',
  title: 'Delete field',
  category: 'object',
  description:
    'Returns a copy of the object without the field at a dotted path; the input is never changed. An array item on the path is removed and the items after it move up. When the path is missing, the copy is the object as it was and `found` is false.',
  keywords: ['remove', 'unset', 'drop field'],
  inputs: {
    object: { schema: JsonObjectSchema, description: 'The object to start from.' },
    path: { schema: z.string().min(1), description: 'Dotted path of the field to remove.' },
  },
  outputs: {
    object: { schema: JsonObjectSchema, description: 'The copy without the field.' },
    found: { schema: z.boolean(), description: 'Whether the path existed.' },
  },
  examples: [
    {
      title: 'A nested field',
      inputs: { object: { user: { name: 'Ada', password: 'x' } }, path: 'user.password' },
      outputs: { object: { user: { name: 'Ada' } }, found: true },
    },
    { title: 'An array item', inputs: { object: { tags: ['a', 'b', 'c'] }, path: 'tags.1' }, outputs: { object: { tags: ['a', 'c'] }, found: true } },
    { title: 'Missing', inputs: { object: { a: 1 }, path: 'b' }, outputs: { object: { a: 1 }, found: false } },
  ],
  run: (inputs) => {
    const copy = withoutPath(inputs.object, splitPath(inputs.path), 0);
    return copy === undefined ? { object: inputs.object, found: false } : { object: copy as Record<string, unknown>, found: true };
  },
});

export const objectOmit = defineOp({
  name: 'object.omit',
  title: 'Omit fields',
  category: 'object',
  description: 'A copy of the object without the listed top-level keys; the opposite of `object.pick`.',
  keywords: ['exclude', 'remove', 'without', 'drop'],
  inputs: {
    object: { schema: JsonObjectSchema, description: 'The object.' },
    keys: { schema: z.array(z.string()), description: 'The keys to leave out.' },
  },
  outputs: { object: { schema: JsonObjectSchema, description: 'The object without those keys.' } },
  examples: [
    {
      title: 'Drop secrets',
      inputs: { object: { id: 1, name: 'Ada', password: 'x', token: 'y' }, keys: ['password', 'token'] },
      outputs: { object: { id: 1, name: 'Ada' } },
    },
    { title: 'Keys that are not there', inputs: { object: { a: 1 }, keys: ['b'] }, outputs: { object: { a: 1 } } },
  ],
  run: (inputs) => {
    const drop = new Set(inputs.keys);
    const copy = { ...inputs.object };
    for (const key of Object.keys(copy)) if (drop.has(key)) delete copy[key];
    return { object: copy };
  },
});
