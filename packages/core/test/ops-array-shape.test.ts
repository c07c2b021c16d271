import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { invoke, runWired, useEngine } from './ops-harness.ts';

const engine = useEngine();

describe('array.slice', () => {
  it('matches Array.prototype.slice for any range, wired or constant', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer(), { maxLength: 12 }),
        fc.integer({ min: -15, max: 15 }),
        fc.option(fc.integer({ min: -15, max: 15 }), { nil: undefined }),
        async (array, start, end) => {
          const inputs = end === undefined ? { array, start } : { array, start, end };
          expect((await runWired(engine(), 'array.slice', inputs)).output.array).toEqual(array.slice(start, end));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('refuses a fractional index as bad input', async () => {
    const run = await runWired(engine(), 'array.slice', { array: [1, 2], start: 0.5 });
    expect(run.error?.code).toBe('invalid_input');
  });
});

describe('array.reverse', () => {
  it('reverses a copy: twice gives the items back, and the input is unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.jsonValue(), { maxLength: 10 }), async (array) => {
        const once = (await runWired(engine(), 'array.reverse', { array })).output.array as unknown[];
        expect(once).toEqual([...array].reverse());
        expect((await runWired(engine(), 'array.reverse', { array: once })).output.array).toEqual(array);
      }),
      { numRuns: 30 },
    );
  });
});

describe('array.flatten', () => {
  it('flattens to the given depth and keeps __proto__ keys of items as data', async () => {
    const item = JSON.parse('{"__proto__":{"polluted":true},"a":1}') as unknown;
    const run = await invoke(engine(), 'array.flatten', { array: [[item], [[2]]] }, { depth: 1 });
    expect(run.output.array).toEqual([item, [2]]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a depth beyond its bound as a config problem', () => {
    const problems = engine().validate({ nodes: [{ id: 'f', op: 'array.flatten', config: { array: [], depth: 65 } }] });
    expect(problems.map((p) => p.path)).toEqual(['nodes[0].config.depth']);
  });
});

describe('array.includes', () => {
  it('finds primitives by identity and objects by their JSON, whatever the key order', async () => {
    expect((await invoke(engine(), 'array.includes', { array: [1, '1', null], value: '1' })).output).toEqual({ found: true, index: 1 });
    expect((await invoke(engine(), 'array.includes', { array: [{ a: [1, { b: 2, c: 3 }] }], value: { a: [1, { c: 3, b: 2 }] } })).output).toEqual({
      found: true,
      index: 0,
    });
    expect((await invoke(engine(), 'array.includes', { array: [[1, 2]], value: [2, 1] })).output).toEqual({ found: false, index: -1 });
    expect((await invoke(engine(), 'array.includes', { array: [1], value: null })).output).toEqual({ found: false, index: -1 });
  });
});
