import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { outputOf, runWired, useEngine } from './ops-harness.ts';

const engine = useEngine();
const PROPERTY_RUNS = { numRuns: 60 };
const finite = () => fc.double({ noNaN: true, noDefaultInfinity: true });

async function result(op: string, inputs: Record<string, unknown>, config: Record<string, unknown> = {}): Promise<number> {
  return (await outputOf(engine(), op, inputs, config)).result as number;
}

describe('math.round', () => {
  it('rounds the decimal number as written, in every mode', async () => {
    const cases: Array<[number, number, string, number]> = [
      [1.005, 2, 'halfExpand', 1.01],
      [2.675, 2, 'halfExpand', 2.68],
      [-2.5, 0, 'halfExpand', -3],
      [2.5, 0, 'halfEven', 2],
      [3.5, 0, 'halfEven', 4],
      [-2.5, 0, 'halfTrunc', -2],
      [-1.1, 0, 'floor', -2],
      [-1.9, 0, 'ceil', -1],
      [-1.9, 0, 'trunc', -1],
      [1.1, 0, 'expand', 2],
      [0.49999999999999994, 0, 'halfExpand', 0],
      [1789, -2, 'halfExpand', 1800],
      [1e-7, 7, 'halfExpand', 1e-7],
      [1.23e-10, 12, 'halfExpand', 1.23e-10],
      [1e308, 20, 'halfExpand', 1e308],
      [1e308, -20, 'halfExpand', 1e308],
      [5e-324, 20, 'halfExpand', 0],
      [-0.4, 0, 'halfExpand', 0],
    ];
    for (const [value, places, mode, expected] of cases) {
      const got = await result('math.round', { value, places }, { mode });
      expect(got, `${value} to ${places} (${mode})`).toBe(expected);
      expect(Object.is(got, -0)).toBe(false);
    }
  });

  it('gives a whole number of the given places, within half a unit, for any finite number', async () => {
    await fc.assert(
      fc.asyncProperty(fc.double({ min: -1e12, max: 1e12, noNaN: true }), fc.integer({ min: 0, max: 6 }), async (value, places) => {
        const got = await result('math.round', { value, places });
        const unit = 10 ** -places;
        expect(Math.abs(got - value)).toBeLessThanOrEqual(unit / 2 + Math.abs(value) * 1e-15);
        expect(Number(got.toFixed(places))).toBe(got);
      }),
      PROPERTY_RUNS,
    );
  });
});

describe('math.min, max, abs, mod, pow, clamp, sum', () => {
  it('min and max agree with Math over any mix of ports and arrays', async () => {
    await fc.assert(
      fc.asyncProperty(finite(), fc.array(finite(), { maxLength: 5 }), async (a, values) => {
        const all = [a, ...values];
        expect(await result('math.min', { a, values })).toBe(Math.min(...all) || 0);
        expect(await result('math.max', { a, values })).toBe(Math.max(...all) || 0);
      }),
      PROPERTY_RUNS,
    );
    const none = await runWired(engine(), 'math.min', { values: [] });
    expect(none.error?.code).toBe('invalid_input');
  });

  it('mod takes the sign of the divisor, or of the dividend as % does', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: -1000, max: 1000 }),
        fc.integer({ min: -50, max: 50 }).filter((b) => b !== 0),
        async (a, b) => {
          const floored = await result('math.mod', { a, b });
          expect(floored === 0 || Math.sign(floored) === Math.sign(b)).toBe(true);
          expect(Math.abs((a - floored) % b)).toBe(0);
          expect(Math.abs(floored)).toBeLessThan(Math.abs(b));
          expect(await result('math.mod', { a, b }, { sign: 'dividend' })).toBe(a % b || 0);
        },
      ),
      PROPERTY_RUNS,
    );
    const zero = await runWired(engine(), 'math.mod', { a: 1, b: 0 });
    expect(zero.error?.code).toBe('division_by_zero');
  });

  it('pow and abs answer finite numbers or a named error, never Infinity or NaN', async () => {
    expect(await result('math.pow', { base: 2, exponent: -1 })).toBe(0.5);
    expect((await runWired(engine(), 'math.pow', { base: 1e308, exponent: 2 })).error?.code).toBe('out_of_range');
    expect((await runWired(engine(), 'math.pow', { base: 0, exponent: -1 })).error?.code).toBe('out_of_range');
    expect((await runWired(engine(), 'math.pow', { base: -8, exponent: 1 / 3 })).error?.code).toBe('invalid_input');
    expect(await result('math.abs', { value: -1e308 })).toBe(1e308);
    expect(Object.is(await result('math.abs', { value: -0 }), -0)).toBe(false);
  });

  it('clamp stays within the bounds and refuses bounds the wrong way round', async () => {
    await fc.assert(
      fc.asyncProperty(finite(), finite(), finite(), async (value, x, y) => {
        const [min, max] = x <= y ? [x, y] : [y, x];
        const got = await result('math.clamp', { value, min, max });
        expect(got).toBeGreaterThanOrEqual(min);
        expect(got).toBeLessThanOrEqual(max);
      }),
      PROPERTY_RUNS,
    );
    expect((await runWired(engine(), 'math.clamp', { value: 1, min: 2, max: 1 })).error?.code).toBe('invalid_input');
  });

  it('sum compensates rounding, and fails with out_of_range past the largest double', async () => {
    expect(await result('math.sum', { values: [0.1, 0.2, 0.3] })).toBe(0.6);
    expect(await result('math.sum', { values: [1e100, 1, -1e100] })).toBe(1);
    expect((await runWired(engine(), 'math.sum', { values: [1e308, 1e308, -1e308] })).error?.code).toBe('out_of_range');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: -1e9, max: 1e9 }), { maxLength: 20 }), async (values) => {
        expect(await result('math.sum', { values })).toBe(values.reduce((s, v) => s + v, 0));
      }),
      PROPERTY_RUNS,
    );
  });

  it('refuses NaN and infinities arriving on a number port', async () => {
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      const direct = await engine().run({
        workflow: {
          nodes: [
            { id: 'in', op: 'flow.input' },
            { id: 'abs', op: 'math.abs' },
          ],
          edges: [{ from: { node: 'in', port: 'value' }, to: { node: 'abs', port: 'value' } }],
        },
        input: value,
      });
      expect(direct.error?.code).toBe('invalid_input');
    }
  });
});

describe('random.int and random.uuid', () => {
  it('draws integers within the bounds, both included, over any range of safe integers', async () => {
    await fc.assert(
      fc.asyncProperty(fc.maxSafeInteger(), fc.maxSafeInteger(), async (x, y) => {
        const [min, max] = x <= y ? [x, y] : [y, x];
        const { value } = (await outputOf(engine(), 'random.int', { min, max })) as { value: number };
        expect(Number.isSafeInteger(value)).toBe(true);
        expect(value).toBeGreaterThanOrEqual(min);
        expect(value).toBeLessThanOrEqual(max);
      }),
      PROPERTY_RUNS,
    );
  });

  it('reaches both ends of a small range', async () => {
    const seen = new Set<number>();
    for (let i = 0; i < 200 && seen.size < 3; i++) seen.add((await outputOf(engine(), 'random.int', { min: -1, max: 1 })).value as number);
    expect([...seen].sort()).toEqual([-1, 0, 1]);
  });

  it('refuses min above max and bounds that are not safe integers', async () => {
    expect((await runWired(engine(), 'random.int', { min: 2, max: 1 })).error?.code).toBe('invalid_input');
    expect((await runWired(engine(), 'random.int', { min: 0, max: 2 ** 53 })).error?.code).toBe('invalid_input');
    expect((await runWired(engine(), 'random.int', { min: 0, max: 1.5 })).error?.code).toBe('invalid_input');
  });

  it('makes version 4 UUIDs, a new one each time', async () => {
    const a = (await outputOf(engine(), 'random.uuid', {})).uuid as string;
    const b = (await outputOf(engine(), 'random.uuid', {})).uuid as string;
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a).not.toBe(b);
  });
});
