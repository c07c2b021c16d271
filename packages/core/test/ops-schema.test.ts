import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../src/index.ts';
import { startedEngine } from './helpers.ts';
import { HOSTILE_VALUES, invoker } from './ops-invoke-helpers.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await startedEngine();
});
afterAll(async () => {
  await engine.stop();
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

const { output, refusedOrOk } = invoker(() => engine);

const ORDER = {
  type: 'object',
  required: ['email', 'items'],
  additionalProperties: false,
  properties: {
    email: { type: 'string', format: 'email' },
    note: { type: 'string', maxLength: 10 },
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: ['qty'],
        properties: { qty: { type: 'integer', minimum: 1 }, 'sku-code': { type: 'string', pattern: '^[A-Z]{3}-\\d+$' } },
      },
    },
  },
};

/** A workflow that validates its input, so the schema is compiled as a saved workflow's is. */
const validating = (schema: unknown) => ({
  nodes: [
    { id: 'in', op: 'flow.input' },
    { id: 'check', op: 'schema.validate', config: { schema } },
    { id: 'out', op: 'flow.output', config: { key: 'value' } },
    { id: 'bad', op: 'flow.output', config: { key: 'problems' } },
  ],
  edges: [
    { from: { node: 'in', port: 'value' }, to: { node: 'check', port: 'value' } },
    { from: { node: 'check', port: 'value' }, to: { node: 'out', port: 'value' } },
    { from: { node: 'check', port: 'problems' }, to: { node: 'bad', port: 'value' } },
  ],
});

describe('schema.validate', () => {
  it('locates every problem at the field, as a person writes the path', async () => {
    const value = { email: 'x', items: [{ qty: 1, 'sku-code': 'abc' }, { qty: 1.5 }, {}], extra: 1 };
    const { ok, problems } = await output('schema.validate', { value }, { schema: ORDER });
    expect(ok).toBe(false);
    expect(problems).toEqual([
      { path: 'extra', message: 'is not allowed', keyword: 'additionalProperties' },
      { path: 'email', message: 'must match format "email"', keyword: 'format' },
      { path: 'items[0]["sku-code"]', message: 'must match pattern "^[A-Z]{3}-\\d+$"', keyword: 'pattern' },
      { path: 'items[1].qty', message: 'must be integer', keyword: 'type' },
      { path: 'items[2].qty', message: 'is required', keyword: 'required' },
    ]);
  });

  it('hands on a valid value and skips what hangs off problems', async () => {
    const run = await engine.run({ workflow: validating(ORDER), input: { email: 'ada@example.com', items: [{ qty: 2, 'sku-code': 'ABC-1' }] } });
    expect(run.status).toBe('ok');
    expect(run.output).toEqual({ value: { email: 'ada@example.com', items: [{ qty: 2, 'sku-code': 'ABC-1' }] } });
    expect(run.nodes.bad?.status).toBe('skipped');
  });

  it('agrees with the schema on generated values', async () => {
    const schema = {
      type: 'object',
      properties: { n: { type: 'integer', minimum: 0, maximum: 10 }, s: { type: 'string', minLength: 2 } },
      required: ['n'],
    };
    const value = fc.record(
      { n: fc.oneof(fc.integer({ min: -5, max: 15 }), fc.double(), fc.string()), s: fc.string({ maxLength: 4 }) },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(value, async (value) => {
        const n = value.n;
        const fits = typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 10 && (value.s === undefined || value.s.length >= 2);
        expect((await output('schema.validate', { value }, { schema })).ok).toBe(fits);
      }),
      { numRuns: 100 },
    );
  });

  it('compiles schemas with the same $id in many nodes, one after another and side by side', async () => {
    const schema = (max: number) => ({
      $id: 'https://example.com/order',
      type: 'object',
      properties: { qty: { $id: 'qty', type: 'integer', maximum: max } },
    });
    for (const max of [1, 2, 3]) expect((await output('schema.validate', { value: { qty: 2 } }, { schema: schema(max) })).ok).toBe(max >= 2);
    const both = validating(schema(1));
    both.nodes.push({ id: 'again', op: 'schema.validate', config: { schema: schema(5) } });
    expect(engine.validate(both)).toEqual([]);
  });

  it('reads draft-07 schemas when they say so', async () => {
    const schema = { $schema: 'http://json-schema.org/draft-07/schema#', type: 'array', items: [{ type: 'string' }], additionalItems: false };
    expect((await output('schema.validate', { value: ['a'] }, { schema })).ok).toBe(true);
    expect((await output('schema.validate', { value: ['a', 1] }, { schema })).ok).toBe(false);
  });
});

describe('a schema that cannot be used is a located problem when the workflow is saved', () => {
  const problemsOf = (schema: unknown) => engine.validate(validating(schema));

  it('names the keyword that is wrong', () => {
    expect(problemsOf({ type: 'strnig' })).toEqual([
      expect.objectContaining({ path: 'nodes[1].config.schema.type', message: expect.stringContaining('Not a valid JSON Schema') }),
    ]);
    expect(problemsOf({ type: 'object', required: 'email' })).toEqual([expect.objectContaining({ path: 'nodes[1].config.schema.required' })]);
  });

  it('refuses patterns RE2 cannot run, and references it cannot resolve', () => {
    const lookahead = problemsOf({ type: 'string', pattern: '^(?=a)' });
    expect(lookahead).toEqual([expect.objectContaining({ path: 'nodes[1].config.schema', message: expect.stringContaining('RE2') })]);
    expect(problemsOf({ $ref: 'https://example.com/other.json' })).toEqual([expect.objectContaining({ path: 'nodes[1].config.schema' })]);
    expect(problemsOf({ $schema: 'https://example.com/my-meta-schema', type: 'string' })).toEqual([
      expect.objectContaining({ path: 'nodes[1].config.schema' }),
    ]);
  });

  it('refuses uniqueItems over unbounded arrays of objects', () => {
    expect(problemsOf({ type: 'object', properties: { tags: { type: 'array', uniqueItems: true } } })).toEqual([
      expect.objectContaining({ path: 'nodes[1].config.schema.properties.tags.uniqueItems' }),
    ]);
    expect(problemsOf({ type: 'array', uniqueItems: true, maxItems: 100 })).toEqual([]);
    expect(problemsOf({ type: 'array', uniqueItems: true, items: { type: 'string' } })).toEqual([]);
  });
});

describe('hostile input to schema.validate', () => {
  it('runs a backtracking pattern over long text in linear time', async () => {
    const schema = { type: 'string', pattern: '^(a+)+$' };
    const { ok } = await output('schema.validate', { value: `${'a'.repeat(100_000)}!` }, { schema });
    expect(ok).toBe(false);
  });

  it('gives a value or a node error for any value, and caps the problems', async () => {
    for (const value of HOSTILE_VALUES) {
      await refusedOrOk('schema.validate', { value }, { schema: ORDER });
      await refusedOrOk(
        'schema.validate',
        { value },
        {
          schema: {
            $ref: '#/$defs/node',
            $defs: {
              node: {
                anyOf: [
                  { type: 'string' },
                  { type: 'array', items: { $ref: '#/$defs/node' } },
                  { type: 'object', additionalProperties: { $ref: '#/$defs/node' } },
                ],
              },
            },
          },
        },
      );
    }
    const many = await output(
      'schema.validate',
      { value: Array.from({ length: 10_000 }, (_, i) => i) },
      { schema: { type: 'array', items: { type: 'string' } } },
    );
    expect(many.problems).toHaveLength(100);
    const proto = await output(
      'schema.validate',
      { value: JSON.parse('{"__proto__":{"polluted":1}}') },
      { schema: { type: 'object', additionalProperties: false } },
    );
    expect(proto.problems).toEqual([{ path: '__proto__', message: 'is not allowed', keyword: 'additionalProperties' }]);
  });
});
