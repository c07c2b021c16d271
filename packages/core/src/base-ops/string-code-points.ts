/**
 * Text measured in code points, the characters a person counts (`😀` is one, not two UTF-16
 * units). A lone surrogate counts as one code point of its own, so no input is ever refused.
 */

/**
 * Where no surrogate is, every code point is one unit and the walks below reduce to arithmetic.
 * The test is native: V8 answers at once for Latin-1 text, which has no room for a surrogate, and
 * scans other text several times faster than a loop of `charCodeAt`.
 */
const SURROGATE = /[\uD800-\uDFFF]/;

function hasSurrogate(text: string, from = 0, to = text.length): boolean {
  return SURROGATE.test(from === 0 && to >= text.length ? text : text.slice(from, to));
}

function isHigh(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLow(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

export function countCodePoints(text: string): number {
  if (!hasSurrogate(text)) return text.length;
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    if (isHigh(text.charCodeAt(i)) && isLow(text.charCodeAt(i + 1))) i++;
    count++;
  }
  return count;
}

/** The UTF-16 offset where code point `index` starts (the text's length past the end), walking from `from`. */
export function unitOffset(text: string, index: number, from = { unit: 0, point: 0 }): number {
  // The walk covers at most one unit per code point where no surrogate is, so only that window is tested.
  const steps = Math.max(index - from.point, 0);
  if (!hasSurrogate(text, from.unit, from.unit + steps)) return from.unit >= text.length ? from.unit : Math.min(from.unit + steps, text.length);
  let unit = from.unit;
  for (let point = from.point; point < index && unit < text.length; point++) {
    unit += isHigh(text.charCodeAt(unit)) && isLow(text.charCodeAt(unit + 1)) ? 2 : 1;
  }
  return unit;
}

/** `Array.prototype.slice` semantics over code points: negative indexes count from the end. */
export function sliceCodePoints(text: string, start: number, end: number | undefined): string {
  const needsCount = start < 0 || (end !== undefined && end < 0);
  const total = needsCount ? countCodePoints(text) : Number.POSITIVE_INFINITY;
  const from = start < 0 ? Math.max(total + start, 0) : start;
  const to = end === undefined ? Number.POSITIVE_INFINITY : end < 0 ? Math.max(total + end, 0) : end;
  if (to <= from) return '';
  const startUnit = unitOffset(text, from);
  const endUnit = to === Number.POSITIVE_INFINITY ? text.length : unitOffset(text, to, { unit: startUnit, point: from });
  return text.slice(startUnit, endUnit);
}

/** The first `count` code points of `text`. */
export function headCodePoints(text: string, count: number): string {
  return text.slice(0, unitOffset(text, count));
}

/**
 * Orders strings by code point, not by UTF-16 unit as `<` does (which puts `😀` before `ｱ`).
 * Units from U+E000 up move below the surrogates, which then rank above every BMP character.
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return rank(x) - rank(y);
  }
  return a.length - b.length;
}

function rank(unit: number): number {
  if (unit >= 0xe000) return unit - 0x800;
  if (unit >= 0xd800) return unit + 0x2000;
  return unit;
}

/** Code points in `text` from UTF-16 offset `from` up to `to`. */
export function codePointsBetween(text: string, from: number, to: number): number {
  if (!hasSurrogate(text, from, to)) return Math.max(to - from, 0);
  let count = 0;
  for (let i = from; i < to; i++) {
    if (isHigh(text.charCodeAt(i)) && isLow(text.charCodeAt(i + 1)) && i + 1 < to) i++;
    count++;
  }
  return count;
}
