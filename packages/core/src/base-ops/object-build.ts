import { z } from 'zod';
import { JsonObjectSchema } from '../json/object-schema.ts';
import { defineOp } from '../ops/define-op.ts';
import { defineOwn } from './value-limits.ts';

const FieldSchema = z.object({
  name: z
    .string()
    .refine((name) => name !== '__proto__', 'name the port otherwise and set `key` to "__proto__"')
    .describe('The input port: letters, digits and _, not a digit first.'),
  key: z.string().max(1000).optional().describe('The key in the object, when it is not the port name (`first-name`, `@type`).'),
  schema: z.record(z.string(), z.unknown()).optional().describe('A JSON Schema for the port, so the editor can check what it is wired to.'),
  description: z.string().max(1000).optional().describe('What the field holds, shown on its port.'),
});

export const objectBuild = defineOp({
  name: 'object.build',
  title: 'Build object',
  category: 'object',
  description:
    'Builds an object from several wired values: each entry of `fields` adds an input port, and the value that arrives on it goes under the field’s `key` (the port name unless set, so keys that are not identifiers, like `first-name`, work too). A field with no value wired or given is left out; `null` is kept. When two fields share a key, the later one wins.',
  keywords: ['compose', 'create object', 'record', 'struct', 'assemble', 'fields'],
  config: z.object({
    fields: z.array(FieldSchema).max(64).default([]).describe('The fields, in order; each adds an input port named after it.'),
  }),
  dynamicPorts: { inputs: 'fields' },
  outputs: { object: { schema: JsonObjectSchema, description: 'The object built.' } },
  examples: [
    {
      title: 'A customer',
      config: { fields: [{ name: 'name' }, { name: 'email' }, { name: 'vip', schema: { type: 'boolean' } }] },
      inputs: { name: 'Ada', email: 'ada@example.com', vip: true },
      outputs: { object: { name: 'Ada', email: 'ada@example.com', vip: true } },
    },
    {
      title: 'Keys that are not identifiers',
      config: { fields: [{ name: 'first', key: 'first-name' }, { name: 'kind', key: '@type' }, { name: 'unset' }] },
      inputs: { first: 'Ada', kind: 'Person' },
      outputs: { object: { 'first-name': 'Ada', '@type': 'Person' } },
    },
  ],
  run: (inputs, ctx) => {
    const values = inputs as Record<string, unknown>;
    const object: Record<string, unknown> = {};
    for (const field of ctx.config.fields) {
      const value = Object.hasOwn(values, field.name) ? values[field.name] : undefined;
      if (value !== undefined) defineOwn(object, field.key ?? field.name, value);
    }
    return { object };
  },
});
