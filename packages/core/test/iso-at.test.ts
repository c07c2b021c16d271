import { describe, expect, it } from 'vitest';
import { isoAt } from '../src/run/trace.ts';

describe('isoAt', () => {
  it('writes every time as toISOString does, in any order of calls', () => {
    const now = Date.parse('2026-12-04T02:59:59.990Z');
    // -1 first: a cache that starts out as if it held -1 would answer it with nothing.
    const times = [
      -1,
      now,
      now + 9,
      now + 10,
      now + 11,
      now,
      0,
      -1,
      -999,
      -1000,
      -1001,
      1.9,
      -1.9,
      999.5,
      253402300799999,
      253402300800000,
      8.64e15,
      -8.64e15,
    ];
    for (let i = 0; i < 2000; i++) times.push(now + Math.floor(Math.sin(i) * 5e9), Math.floor(Math.cos(i) * 4e12));
    for (const ms of times) expect(isoAt(ms), String(ms)).toBe(new Date(ms).toISOString());
  });

  it('refuses a time that is not one, as Date does', () => {
    for (const ms of [Number.NaN, Number.POSITIVE_INFINITY, 8.64e15 + 1]) expect(() => isoAt(ms)).toThrow(RangeError);
  });
});
