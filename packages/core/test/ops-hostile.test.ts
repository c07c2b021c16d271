import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { expectUnpolluted, HOSTILE_TEXT, runWired, useEngine } from './ops-harness.ts';

const engine = useEngine();
afterEach(expectUnpolluted);

/** The standard library's value ops: each must answer any input with a value or a named error. */
const OPS = [
  ...['lower', 'upper', 'trim', 'pad', 'slugify', 'split', 'join', 'slice', 'length', 'includes', 'startsWith', 'endsWith', 'replace', 'match'].map(
    (n) => `string.${n}`,
  ),
  ...['keys', 'values', 'entries', 'fromEntries', 'has', 'delete', 'omit', 'mergeDeep', 'mapValues', 'build'].map((n) => `object.${n}`),
  'bool.and',
  'bool.or',
  'bool.not',
  'value.coalesce',
  'value.isEmpty',
  'value.typeOf',
  'cast.toNumber',
  'cast.toString',
  'cast.toBoolean',
  ...['round', 'min', 'max', 'abs', 'mod', 'pow', 'clamp', 'sum'].map((n) => `math.${n}`),
  'random.int',
  'random.uuid',
  ...['filter', 'find', 'sort', 'pluck', 'groupBy', 'chunk', 'unique', 'sum'].map((n) => `array.${n}`),
];

const absurdNumber = fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e308, -1e308, -0, 5e-324, 2 ** 53, -(2 ** 53));
const hostileText = fc.oneof(
  fc.constantFrom(...HOSTILE_TEXT, '__proto__', 'constructor', '(?=a)', '$1$<x>$&', '.*'),
  fc.string({ unit: 'binary', maxLength: 12 }),
);
const protoKeyed = fc.constant(null).map(() => JSON.parse('{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}') as unknown);
const hostile: fc.Arbitrary<unknown> = fc.oneof(
  absurdNumber,
  hostileText,
  protoKeyed,
  fc.jsonValue({ maxDepth: 3 }),
  fc.array(fc.oneof(absurdNumber, hostileText, protoKeyed, fc.jsonValue({ maxDepth: 2 })), { maxLength: 5 }),
);

describe('every standard-library op, given hostile values on every input', () => {
  it.each(OPS)('%s answers a value or a named node error', async (name) => {
    const op = engine().op(name);
    if (!op) throw new Error(`${name} is not registered`);
    const config = op.examples[0]?.config ?? {};
    const ports = op.inputs.filter((p) => p.kind === 'value').map((p) => p.name);
    const dynamic = ((config as { fields?: Array<{ name: string }> }).fields ?? []).map((f) => f.name);
    await fc.assert(
      fc.asyncProperty(fc.tuple(...[...ports, ...dynamic].map(() => hostile)), async (values) => {
        const inputs = Object.fromEntries([...ports, ...dynamic].map((port, i) => [port, values[i]]).filter(([, v]) => v !== undefined));
        const run = await runWired(engine(), name, inputs, config);
        expect(['ok', 'error']).toContain(run.status);
        // op_failed is what the engine calls a throw that is not a PatternError: a bug, not an answer.
        if (run.status === 'error') expect(run.error?.code, run.error?.message).not.toBe('op_failed');
      }),
      { numRuns: 40 },
    );
  });
});
