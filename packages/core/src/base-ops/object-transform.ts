import { z } from 'zod';
import { PatternError } from '../errors.ts';
import { isPlainObject, JsonObjectSchema } from '../json/object-schema.ts';
import { getPath, splitPath } from '../json/path.ts';
import { defineOp } from '../ops/define-op.ts';
import { toBoolean, toNumber, toText } from './cast-rules.ts';
import { defineOwn } from './value-limits.ts';

/** `b` over `a`: objects merge key by key at every depth; anything else in `b` (arrays too) replaces what `a` had. */
function mergeDeep(a: unknown, b: unknown): unknown {
  if (!isPlainObject(a) || !isPlainObject(b)) return b;
  const out: Record<string, unknown> = { ...a };
  for (const key of Object.keys(b)) {
    defineOwn(out, key, Object.hasOwn(a, key) ? mergeDeep(a[key], b[key]) : b[key]);
  }
  return out;
}

const Part = JsonObjectSchema.optional();

export const objectMergeDeep = defineOp({
  name: 'object.mergeDeep',
  title: 'Merge deep',
  category: 'object',
  description:
    'Merges up to four objects, later ones winning: nested objects are merged key by key at every depth, while arrays and every other value are **replaced**, not concatenated (`{ tags: ["a"] }` then `{ tags: ["b"] }` gives `["b"]`). For a shallow merge use `object.merge`.',
  keywords: ['deep merge', 'defaults', 'extend', 'assign', 'combine'],
  inputs: {
    a: { schema: JsonObjectSchema, description: 'The base object.' },
    b: { schema: JsonObjectSchema, description: 'Merged over `a`.' },
    c: { schema: Part, description: 'Merged over the result, when given.' },
    d: { schema: Part, description: 'Merged last, when given.' },
  },
  outputs: { object: { schema: JsonObjectSchema, description: 'The merged object; the inputs are never changed.' } },
  examples: [
    {
      title: 'Defaults and overrides',
      inputs: { a: { retry: { times: 3, delayMs: 100 }, tags: ['a'] }, b: { retry: { times: 5 }, tags: ['b'] } },
      outputs: { object: { retry: { times: 5, delayMs: 100 }, tags: ['b'] } },
    },
    {
      title: 'Three layers',
      inputs: { a: { theme: { color: 'blue', size: 'm' } }, b: { theme: { size: 'l' } }, c: { lang: 'en' } },
      outputs: { object: { theme: { color: 'blue', size: 'l' }, lang: 'en' } },
    },
  ],
  run: (inputs) => {
    let out = mergeDeep(inputs.a, inputs.b);
    if (inputs.c) out = mergeDeep(out, inputs.c);
    if (inputs.d) out = mergeDeep(out, inputs.d);
    return { object: out as Record<string, unknown> };
  },
});

const CASTS = {
  none: (value: unknown) => value,
  number: (value: unknown, key: string) => withKey(key, () => toNumber(value, 'object')),
  string: (value: unknown) => toText(value),
  boolean: (value: unknown, key: string) => withKey(key, () => toBoolean(value, 'object')),
};

function withKey<T>(key: string, cast: () => T): T {
  try {
    return cast();
  } catch (error) {
    if (error instanceof PatternError) throw new PatternError(error.code, `"${key}": ${error.message}`, { port: 'object', key });
    throw error;
  }
}

export const objectMapValues = defineOp({
  name: 'object.mapValues',
  title: 'Map values',
  category: 'object',
  description:
    'Changes every value of an object, keeping its keys. With `path`, each value is replaced by what it holds at that dotted path, and keys whose value lacks the path are left out (`{ ada: { age: 36 } }` with path `age` gives `{ ada: 36 }`). Then `cast` converts each value by the rules of `cast.toNumber`, `cast.toString` or `cast.toBoolean`; a value that does not convert fails the node with `invalid_input` naming its key.',
  keywords: ['transform', 'pluck', 'convert', 'map'],
  config: z.object({
    cast: z.enum(['none', 'number', 'string', 'boolean']).default('none').describe('Convert each value: `none`, `number`, `string` or `boolean`.'),
  }),
  inputs: {
    object: { schema: JsonObjectSchema, description: 'The object.' },
    path: { schema: z.string().default(''), description: 'Dotted path to read from each value; empty keeps the value itself.' },
  },
  outputs: { object: { schema: JsonObjectSchema, description: 'The object with its values changed.' } },
  examples: [
    {
      title: 'Pick a field from each',
      inputs: { object: { ada: { age: 36, city: 'London' }, alan: { age: 41 } }, path: 'age' },
      outputs: { object: { ada: 36, alan: 41 } },
    },
    {
      title: 'Form fields to numbers',
      config: { cast: 'number' },
      inputs: { object: { qty: '3', price: ' 4.50 ' } },
      outputs: { object: { qty: 3, price: 4.5 } },
    },
  ],
  run: (inputs, ctx) => {
    const parts = splitPath(inputs.path);
    const cast = CASTS[ctx.config.cast];
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(inputs.object)) {
      const picked = getPath(value, parts);
      if (picked !== undefined) defineOwn(out, key, cast(picked, key));
    }
    return { object: out };
  },
});
