import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { expectUnpolluted, outputOf, protoObject, runWired, useEngine } from './ops-harness.ts';

const engine = useEngine();

/** JSON with sorted keys, written independently of the op's own. */
const canon = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
afterEach(expectUnpolluted);
const PROPERTY_RUNS = { numRuns: 60 };

const scalar = () => fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constantFrom('a', 'b', 'B', '😀', 'ｱ', ''), fc.boolean(), fc.constant(null));
const items = () => fc.array(fc.record({ id: fc.nat(1000), k: scalar() }), { maxLength: 12 });

describe('array.filter and array.find', () => {
  it('filter keeps what compare says holds, in order, and find gives the first of those', async () => {
    const operator = fc.constantFrom('eq', 'ne', 'lt', 'lte', 'gt', 'gte');
    await fc.assert(
      fc.asyncProperty(items(), operator, scalar(), async (array, op, to) => {
        const kept: unknown[] = [];
        for (const item of array) {
          const { result } = await outputOf(engine(), 'compare', { a: item.k, b: to }, { operator: op });
          if (result) kept.push(item);
        }
        const filtered = await outputOf(engine(), 'array.filter', { array, path: 'k', to }, { operator: op });
        expect(filtered).toEqual({ array: kept, count: kept.length });
        const found = await outputOf(engine(), 'array.find', { array, path: 'k', to }, { operator: op });
        expect(found).toEqual(kept.length ? { item: kept[0], index: array.indexOf(kept[0] as never), found: true } : { found: false });
      }),
      { numRuns: 25 },
    );
  });

  it('reads a missing path as null', async () => {
    const out = await outputOf(engine(), 'array.filter', { array: [{ a: 1 }, { b: 2 }, 'x', null], path: 'a', to: null });
    expect(out.array).toEqual([{ b: 2 }, 'x', null]);
  });
});

describe('array.sort', () => {
  it('is a stable sort: numbers, then text by code point, then booleans, then the rest in order', async () => {
    await fc.assert(
      fc.asyncProperty(items(), fc.constantFrom('asc', 'desc'), async (array, order) => {
        const { array: sorted } = (await outputOf(engine(), 'array.sort', { array, path: 'k' }, { order })) as { array: typeof array };
        expect(sorted).toHaveLength(array.length);
        const rank = (v: unknown) => ['number', 'string', 'boolean'].indexOf(typeof v) >>> 0;
        for (let i = 1; i < sorted.length; i++) {
          const [x, y] = [sorted[i - 1], sorted[i]] as [(typeof array)[number], (typeof array)[number]];
          expect(rank(x.k)).toBeLessThanOrEqual(rank(y.k));
          if (rank(x.k) !== rank(y.k)) continue;
          const points = (v: unknown) => (typeof v === 'string' ? [...v].map((c) => c.codePointAt(0) as number) : [Number(v)]);
          const cmp = (a: number[], b: number[]) => {
            for (let j = 0; j < Math.min(a.length, b.length); j++) if (a[j] !== b[j]) return (a[j] as number) - (b[j] as number);
            return a.length - b.length;
          };
          const c = typeof x.k === 'object' ? 0 : cmp(points(x.k), points(y.k)) * (order === 'desc' ? -1 : 1);
          expect(c).toBeLessThanOrEqual(0);
          if (c === 0) expect(array.indexOf(x)).toBeLessThan(array.indexOf(y));
        }
      }),
      PROPERTY_RUNS,
    );
  });

  it('orders astral characters after the end of the BMP, and naturally when asked', async () => {
    expect((await outputOf(engine(), 'array.sort', { array: ['😀', 'ｱ', 'b', 'B'] })).array).toEqual(['B', 'b', 'ｱ', '😀']);
    expect((await outputOf(engine(), 'array.sort', { array: ['x10', 'x9', 'X1'] }, { text: 'natural' })).array).toEqual(['X1', 'x9', 'x10']);
    expect((await outputOf(engine(), 'array.sort', { array: [3, 1e308, -1e308, -0, 0.5] })).array).toEqual([-1e308, -0, 0.5, 3, 1e308]);
  });
});

describe('array.pluck, groupBy, chunk, unique, sum', () => {
  it('pluck reads each item, null or skipped where the path is missing', async () => {
    const array = [{ a: { b: 1 } }, { a: {} }, 'x', { a: { b: null } }];
    expect((await outputOf(engine(), 'array.pluck', { array, path: 'a.b' })).values).toEqual([1, null, null, null]);
    expect((await outputOf(engine(), 'array.pluck', { array, path: 'a.b' }, { skipMissing: true })).values).toEqual([1, null]);
  });

  it('groupBy puts every item with the path in exactly one group, in order', async () => {
    await fc.assert(
      fc.asyncProperty(items(), async (array) => {
        const { groups, keys } = (await outputOf(engine(), 'array.groupBy', { array, path: 'k' })) as {
          groups: Record<string, unknown[]>;
          keys: string[];
        };
        expect(Object.keys(groups).sort()).toEqual([...keys].sort());
        expect(keys.flatMap((k) => groups[k] as unknown[]).length).toBe(array.length);
        for (const key of keys) {
          const group = groups[key] as typeof array;
          expect(group.map((item) => array.indexOf(item))).toEqual([...group.map((item) => array.indexOf(item))].sort((a, b) => a - b));
        }
      }),
      PROPERTY_RUNS,
    );
  });

  it('groupBy keeps a __proto__ group as data', async () => {
    const { groups, keys } = await outputOf(engine(), 'array.groupBy', { array: [{ k: '__proto__' }, { k: 'constructor' }, { k: 1 }], path: 'k' });
    expect(keys).toEqual(['__proto__', 'constructor', '1']);
    const g = groups as Record<string, unknown>;
    expect(Object.hasOwn(g, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(g)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(g, '__proto__')?.value).toEqual([{ k: '__proto__' }]);
    expect(g.constructor).toEqual([{ k: 'constructor' }]);
  });

  it('chunk cuts into pieces of the size that join back to the array', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(), { maxLength: 30 }), fc.integer({ min: 1, max: 7 }), async (array, size) => {
        const { chunks } = (await outputOf(engine(), 'array.chunk', { array, size })) as { chunks: number[][] };
        expect(chunks.flat()).toEqual(array);
        expect(chunks.every((c, i) => c.length === size || (i === chunks.length - 1 && c.length > 0))).toBe(true);
      }),
      PROPERTY_RUNS,
    );
    expect((await runWired(engine(), 'array.chunk', { array: [1], size: 0 })).error?.code).toBe('invalid_input');
  });

  it('unique keeps the first of items equal as JSON, keys in any order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 10 }), async (array) => {
        const { array: unique } = (await outputOf(engine(), 'array.unique', { array })) as { array: unknown[] };
        const texts = unique.map(canon);
        expect(new Set(texts).size).toBe(texts.length);
        expect(new Set(array.map(canon))).toEqual(new Set(texts));
        expect(unique.every((u) => (array as unknown[]).includes(u))).toBe(true);
      }),
      PROPERTY_RUNS,
    );
    const out = await outputOf(engine(), 'array.unique', { array: [protoObject(), JSON.parse('{"a":1,"__proto__":{"polluted":1}}'), 1, '1', -0, 0] });
    expect(out.count).toBe(4);
  });

  it('sum adds numbers at the path, passes over missing and null, and names an item that is not a number', async () => {
    expect(await outputOf(engine(), 'array.sum', { array: [{ p: 0.1 }, { p: 0.2 }, {}, { p: null }, { p: 0.3 }], path: 'p' })).toEqual({
      result: 0.6,
      count: 3,
    });
    const bad = await runWired(engine(), 'array.sum', { array: [{ p: 1 }, { p: '2' }], path: 'p' });
    expect(bad.error?.code).toBe('invalid_input');
    expect(bad.error?.details).toMatchObject({ index: 1 });
    expect((await runWired(engine(), 'array.sum', { array: [1e308, 1e308] })).error?.code).toBe('out_of_range');
  });

  it('handles a large array in one pass', async () => {
    const array = Array.from({ length: 200_000 }, (_, i) => ({ id: i, k: i % 100 }));
    const sorted = await outputOf(engine(), 'array.sort', { array, path: 'k' });
    expect((sorted.array as unknown[]).length).toBe(200_000);
    const unique = await outputOf(engine(), 'array.unique', { array, path: 'k' });
    expect(unique.count).toBe(100);
  });
});
