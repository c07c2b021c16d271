import { canonicalText } from './value-canonical.ts';
import { invalidInput } from './value-limits.ts';

/**
 * Decimal notation only: no hex, no `Infinity`, no digit separators; what a person types in a
 * form. Each part starts with a character the one before cannot take, so a failing match never
 * re-splits a run of digits (`\d+\.?\d*` would, quadratically, on a long one).
 */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

const TRUE_WORDS = new Set(['true', 'yes', 'y', 'on', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'n', 'off', '0', '']);

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  return String(value);
}

export const TO_NUMBER_RULES =
  'A number stays as it is; text in decimal notation (`" 42 "`, `"-1.5e3"`, surrounding white space allowed) becomes that number; `true` is 1 and `false` 0. Anything else (empty text, `"12abc"`, hex, `"Infinity"`, a number too large for a double, `null`, arrays, objects) is an `invalid_input` error, never `NaN`.';

export function toNumber(value: unknown, port = 'value'): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value === 0 ? 0 : value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') {
    const text = value.trim();
    if (DECIMAL.test(text)) {
      const number = Number(text);
      if (Number.isFinite(number)) return number === 0 ? 0 : number;
    }
  }
  throw invalidInput(port, `${describe(value)} is not a number`);
}

export const TO_BOOLEAN_RULES =
  'A boolean stays as it is; a number is false when 0, else true; text (any case, white space trimmed) `true`, `yes`, `y`, `on`, `1` is true and `false`, `no`, `n`, `off`, `0` or empty is false; `null` is false. Other text, arrays and objects are an `invalid_input` error.';

export function toBoolean(value: unknown, port = 'value'): boolean {
  if (typeof value === 'boolean') return value;
  if (value === null || value === undefined) return false;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  if (typeof value === 'string') {
    const word = value.trim().toLowerCase();
    if (TRUE_WORDS.has(word)) return true;
    if (FALSE_WORDS.has(word)) return false;
  }
  throw invalidInput(port, `${describe(value)} is not a yes or no`);
}

export const TO_STRING_RULES =
  'Text stays as it is; a number becomes its shortest exact decimal form (`0.1`, `1e+21`; `-0` is `"0"`); booleans become `"true"` and `"false"`; `null` becomes empty text; arrays and objects become JSON with their keys sorted, so equal values give equal text.';

export function toText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return value === 0 ? '0' : String(value);
  if (typeof value === 'boolean') return String(value);
  return canonicalText(value);
}
