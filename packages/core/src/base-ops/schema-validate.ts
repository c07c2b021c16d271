import { z } from 'zod';
import { JsonObjectSchema } from '../json/object-schema.ts';
import { defineOp } from '../ops/define-op.ts';
import { SchemaCompiler, schemaProblems } from './schema-ajv.ts';

const MAX_PROBLEMS = 100;

/** The engine's compiler of JSON Schemas, set up by the core mod. */
export const SCHEMA_SERVICE = 'jsonSchema';

export const schemaService = { [SCHEMA_SERVICE]: { setup: () => new SchemaCompiler() } };

const ProblemSchema = z.object({
  path: z.string(),
  message: z.string(),
  keyword: z.string(),
});

export const schemaValidate = defineOp({
  name: 'schema.validate',
  title: 'Validate',
  category: 'schema',
  keywords: ['json schema', 'ajv', 'check', 'validation', 'shape', 'required'],
  description:
    'Checks a value against a JSON Schema (draft 2020-12, or draft-07 when its `$schema` says so; formats such as `email`, `date-time` and `uuid` included). The schema is compiled when the workflow is saved, so a schema that is not valid is a problem shown there. A valid value comes out of `value`; an invalid one makes `problems` (up to 100, each with a `path` like `items[0].qty`); `ok` always says which, and only the ports for that case are emitted. Patterns run on RE2, so they take linear time.',
  config: z.object({
    schema: JsonObjectSchema.describe('The JSON Schema, such as `{ "type": "object", "required": ["email"] }`.'),
  }),
  inputs: { value: { description: 'The value to check.' } },
  outputs: {
    ok: { schema: z.boolean(), description: 'Whether the value fits the schema.' },
    value: { description: 'The value, when it fits.' },
    problems: { schema: z.array(ProblemSchema), description: 'What does not fit, when it does not: `{ path, message, keyword }` each.' },
  },
  examples: [
    {
      title: 'An order that fits',
      config: {
        schema: {
          type: 'object',
          required: ['email', 'items'],
          properties: {
            email: { type: 'string', format: 'email' },
            items: { type: 'array', items: { type: 'object', required: ['qty'], properties: { qty: { type: 'integer', minimum: 1 } } } },
          },
        },
      },
      inputs: { value: { email: 'ada@example.com', items: [{ qty: 2 }] } },
      outputs: { ok: true, value: { email: 'ada@example.com', items: [{ qty: 2 }] } },
    },
    {
      title: 'An order that does not',
      config: {
        schema: {
          type: 'object',
          required: ['email', 'items'],
          properties: {
            email: { type: 'string', format: 'email' },
            items: { type: 'array', items: { type: 'object', required: ['qty'], properties: { qty: { type: 'integer', minimum: 1 } } } },
          },
        },
      },
      inputs: { value: { email: 'not an email', items: [{ qty: 0 }, {}] } },
      outputs: {
        ok: false,
        problems: [
          { path: 'email', message: 'must match format "email"', keyword: 'format' },
          { path: 'items[0].qty', message: 'must be >= 1', keyword: 'minimum' },
          { path: 'items[1].qty', message: 'is required', keyword: 'required' },
        ],
      },
    },
  ],
  prepare: (config, env) => {
    // Before the engine has started there is no service yet: a compiler of its own then.
    const compiler = env.services.has(SCHEMA_SERVICE) ? env.services.get<SchemaCompiler>(SCHEMA_SERVICE) : new SchemaCompiler();
    return compiler.compile(config.schema);
  },
  run: (inputs, ctx) => {
    const validate = ctx.prepared;
    const value = inputs.value ?? null;
    if (validate(value)) return { ok: true, value };
    return { ok: false, problems: schemaProblems((validate.errors ?? []).slice(0, MAX_PROBLEMS), value) };
  },
});
