import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codePointsBetween, countCodePoints, headCodePoints, sliceCodePoints, unitOffset } from '../src/base-ops/string-code-points.ts';

// Text of ASCII, Latin-1, other BMP letters, astral characters and lone surrogates of both kinds,
// so the surrogate-free shortcut and the walk are both taken, and pairs split at every boundary.
const piece = fc.constantFrom('a', ' ', 'é', 'ÿ', 'ｱ', '€', '😀', '𝄞', '\uD800', '\uDC00', '\uDBFF');
const text = fc.array(piece, { maxLength: 24 }).map((pieces) => pieces.join(''));
const index = fc.integer({ min: -30, max: 30 });

/** The reference: `Array.from` splits a string by code points, a lone surrogate as one of its own. */
const points = (t: string) => Array.from(t);

describe('code points', () => {
  it('counts, slices and takes heads as Array.from splits the text', () => {
    fc.assert(
      fc.property(text, index, fc.option(index, { nil: undefined }), (t, start, end) => {
        expect(countCodePoints(t)).toBe(points(t).length);
        expect(sliceCodePoints(t, start, end)).toBe(points(t).slice(start, end).join(''));
        const count = Math.abs(start);
        expect(headCodePoints(t, count)).toBe(points(t).slice(0, count).join(''));
      }),
    );
  });

  it('finds the unit offset of a code point, from the start or from a known point', () => {
    fc.assert(
      fc.property(text, fc.nat(30), fc.nat(30), (t, a, b) => {
        const all = points(t);
        const offset = (n: number) => all.slice(0, n).join('').length;
        expect(unitOffset(t, a)).toBe(offset(a));
        const [from, to] = a <= b ? [a, b] : [b, a];
        const start = { unit: offset(from), point: Math.min(from, all.length) };
        expect(unitOffset(t, to, start)).toBe(offset(to));
      }),
    );
  });

  it('counts the code points between two unit offsets, a pair cut by the end counting as one', () => {
    fc.assert(
      fc.property(text, fc.nat(60), fc.nat(60), (t, a, b) => {
        const [from, to] = a <= b ? [Math.min(a, t.length), Math.min(b, t.length)] : [Math.min(b, t.length), Math.min(a, t.length)];
        expect(codePointsBetween(t, from, to)).toBe(points(t.slice(from, to)).length);
      }),
    );
  });

  it('takes the shortcut on long text without surrogates and the walk once one appears', () => {
    const latin = 'Grüße, '.repeat(10_000);
    const wide = `€${latin}`;
    const astral = `${latin}😀`;
    expect(countCodePoints(latin)).toBe(latin.length);
    expect(countCodePoints(wide)).toBe(wide.length);
    expect(countCodePoints(astral)).toBe(astral.length - 1);
    expect(sliceCodePoints(astral, -1, undefined)).toBe('😀');
    expect(unitOffset(astral, 70_001)).toBe(astral.length);
  });
});
