import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { approximateBytes } from '../src/json/approximate-bytes.ts';

describe('approximateBytes', () => {
  it('comes within a small factor of the JSON text of any value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const json = JSON.stringify(value).length;
        const estimate = approximateBytes(value, Number.POSITIVE_INFINITY);
        expect(estimate).toBeGreaterThanOrEqual(json / 8);
        expect(estimate).toBeLessThanOrEqual(json * 8 + 8);
      }),
    );
  });

  it('counts a long text by its length and bytes by their length', () => {
    expect(approximateBytes({ text: 'x'.repeat(100_000) }, Number.POSITIVE_INFINITY)).toBeGreaterThanOrEqual(100_000);
    expect(approximateBytes([new Uint8Array(50_000)], Number.POSITIVE_INFINITY)).toBeGreaterThanOrEqual(50_000);
  });

  it('stops past its limit, so a value that refers to itself is measured', () => {
    const loop: Record<string, unknown> = { name: 'loop' };
    loop.self = loop;
    const measured = approximateBytes(loop, 10_000);
    expect(measured).toBeGreaterThan(10_000);
    expect(measured).toBeLessThan(20_000);
  });
});
