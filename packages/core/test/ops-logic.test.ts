import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { expectUnpolluted, HOSTILE_TEXT, outputOf, protoObject, runWired, useEngine } from './ops-harness.ts';

const engine = useEngine();
afterEach(expectUnpolluted);
const PROPERTY_RUNS = { numRuns: 60 };

describe('bool.and, bool.or, bool.not', () => {
  it('agree with every and some over 2 to 4 conditions', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.boolean(), { minLength: 2, maxLength: 4 }), async (values) => {
        const inputs = Object.fromEntries(values.map((v, i) => ['abcd'[i] as string, v]));
        expect((await outputOf(engine(), 'bool.and', inputs)).result).toBe(values.every(Boolean));
        expect((await outputOf(engine(), 'bool.or', inputs)).result).toBe(values.some(Boolean));
        expect((await outputOf(engine(), 'bool.not', { value: values[0] })).result).toBe(!values[0]);
      }),
      PROPERTY_RUNS,
    );
  });

  it('refuse values that are not booleans, and need two', async () => {
    const truthy = await runWired(engine(), 'bool.and', { a: 1, b: true });
    expect(truthy.error?.code).toBe('invalid_input');
    const one = engine().validate({ nodes: [{ id: 'x', op: 'bool.or', config: { a: true } }], edges: [] });
    expect(one.map((p) => p.code)).toContain('missing_input');
  });
});

describe('value.coalesce, isEmpty, typeOf', () => {
  it('coalesce gives the first non-null input, false and 0 included', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(fc.constant(null), fc.jsonValue({ maxDepth: 2 })), { minLength: 1, maxLength: 4 }), async (values) => {
        const inputs = Object.fromEntries(values.map((v, i) => ['abcd'[i] as string, v]));
        const out = await outputOf(engine(), 'value.coalesce', inputs);
        const first = values.find((v) => v !== null);
        expect(out).toEqual(first === undefined ? { found: false } : { value: first, found: true });
      }),
      PROPERTY_RUNS,
    );
  });

  it('isEmpty and typeOf read JSON values as JSON', async () => {
    const cases: Array<[unknown, boolean, string]> = [
      [null, true, 'null'],
      ['', true, 'string'],
      [' ', false, 'string'],
      [[], true, 'array'],
      [{}, true, 'object'],
      [protoObject(), false, 'object'],
      [0, false, 'number'],
      [-0, false, 'number'],
      [false, false, 'boolean'],
      ['\u0000', false, 'string'],
      [1e308, false, 'number'],
    ];
    for (const [value, empty, type] of cases) {
      expect((await outputOf(engine(), 'value.isEmpty', { value })).result, JSON.stringify(value)).toBe(empty);
      expect((await outputOf(engine(), 'value.typeOf', { value })).type).toBe(type);
    }
    expect((await outputOf(engine(), 'value.isEmpty', { value: ' \n\u00a0' }, { trim: true })).result).toBe(true);
    expect((await outputOf(engine(), 'value.typeOf', { value: 2.5 })).integer).toBe(false);
    expect((await outputOf(engine(), 'value.typeOf', { value: 1e308 })).integer).toBe(true);
  });
});

describe('cast.toNumber', () => {
  it('reads any number written in decimal back as itself', async () => {
    await fc.assert(
      fc.asyncProperty(fc.double({ noNaN: true, noDefaultInfinity: true }), async (n) => {
        expect((await outputOf(engine(), 'cast.toNumber', { value: String(n) })).number).toBe(n === 0 ? 0 : n);
        expect((await outputOf(engine(), 'cast.toNumber', { value: ` ${n.toExponential()}\n` })).number).toBe(n === 0 ? 0 : n);
      }),
      PROPERTY_RUNS,
    );
  });

  it('fails with invalid_input, never NaN, on what is not a decimal number', async () => {
    const bad = ['', ' ', 'abc', '12abc', '0x10', 'Infinity', '-Infinity', 'NaN', '1e400', '1_000', '1,5', '--1', '.', 'e5', ...HOSTILE_TEXT];
    for (const value of [...bad, null, [], [1], {}, protoObject()]) {
      const run = await runWired(engine(), 'cast.toNumber', { value });
      expect(run.error?.code, JSON.stringify(value)).toBe('invalid_input');
    }
    expect((await outputOf(engine(), 'cast.toNumber', { value: 'x', fallback: -1 })).number).toBe(-1);
    expect((await outputOf(engine(), 'cast.toNumber', { value: true })).number).toBe(1);
    expect((await outputOf(engine(), 'cast.toNumber', { value: '-0' })).number).toBe(0);
    expect(Object.is((await outputOf(engine(), 'cast.toNumber', { value: '-0' })).number, -0)).toBe(false);
    expect((await outputOf(engine(), 'cast.toNumber', { value: '.5' })).number).toBe(0.5);
  });

  it('answers a huge text quickly with an error', async () => {
    const run = await runWired(engine(), 'cast.toNumber', { value: `${'9'.repeat(2_000_000)}x` });
    expect(run.error?.code).toBe('invalid_input');
    expect(run.error?.message.length).toBeLessThan(200);
  });
});

describe('cast.toString and cast.toBoolean', () => {
  it('toString writes numbers so toNumber reads them back, and objects as sorted JSON', async () => {
    await fc.assert(
      fc.asyncProperty(fc.double({ noNaN: true, noDefaultInfinity: true }), async (n) => {
        const { text } = await outputOf(engine(), 'cast.toString', { value: n });
        expect((await outputOf(engine(), 'cast.toNumber', { value: text })).number).toBe(n === 0 ? 0 : n);
      }),
      PROPERTY_RUNS,
    );
    expect((await outputOf(engine(), 'cast.toString', { value: -0 })).text).toBe('0');
    expect((await outputOf(engine(), 'cast.toString', { value: { b: 1, a: { d: 1, c: 2 } } })).text).toBe('{"a":{"c":2,"d":1},"b":1}');
    expect((await outputOf(engine(), 'cast.toString', { value: protoObject() })).text).toBe('{"__proto__":{"polluted":1},"a":1}');
    expect((await outputOf(engine(), 'cast.toString', { value: '\uD800' })).text).toBe('\uD800');
  });

  it('toBoolean follows the written rules and refuses the rest', async () => {
    const yes = ['true', 'TRUE', ' yes ', 'y', 'On', '1', 1, -3.5, 1e308, true];
    const no = ['false', 'No', 'n', 'off', '0', '', '  ', 0, -0, false, null];
    for (const value of yes) expect((await outputOf(engine(), 'cast.toBoolean', { value })).result, String(value)).toBe(true);
    for (const value of no) expect((await outputOf(engine(), 'cast.toBoolean', { value })).result, String(value)).toBe(false);
    for (const value of ['maybe', '2', 'tru', '\u0000', [], {}, [true]]) {
      const run = await runWired(engine(), 'cast.toBoolean', { value });
      expect(run.error?.code, JSON.stringify(value)).toBe('invalid_input');
    }
    expect((await outputOf(engine(), 'cast.toBoolean', { value: 'maybe', fallback: true })).result).toBe(true);
  });
});
