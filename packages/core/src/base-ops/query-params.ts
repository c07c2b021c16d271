import { PatternError } from '../errors.ts';
import { isPlainObject } from '../json/object-schema.ts';
import { utf8 } from './encoding-bytes.ts';

type QueryValue = string | string[];
type QueryObject = Record<string, QueryValue>;

/** Sets a key as an own property, `__proto__` included, so no prototype is ever replaced. */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

/** Query parameters as an object: a key given once is a string, a key repeated is an array of its values in order. */
export function paramsToObject(params: URLSearchParams, alwaysArrays = false): QueryObject {
  const out: QueryObject = {};
  for (const [key, value] of params) {
    const existing = Object.hasOwn(out, key) ? out[key] : undefined;
    if (existing === undefined) define(out, key, alwaysArrays ? [value] : value);
    else if (Array.isArray(existing)) existing.push(value);
    else define(out, key, [existing, value]);
  }
  return out;
}

type Scalar = string | number | boolean;
const isScalar = (value: unknown): value is Scalar =>
  typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));

/**
 * An object as query parameters: strings, finite numbers and booleans as they print, arrays as
 * the key repeated, `null` left out. Nested objects have no one agreed query form, so they are refused.
 */
export function objectToParams(query: unknown, field: string, params = new URLSearchParams()): URLSearchParams {
  if (!isPlainObject(query)) throw new PatternError('invalid_input', `The ${field} must be an object of parameters.`, { field });
  for (const [key, value] of Object.entries(query)) {
    const at = `${field}.${key}`;
    utf8(key, at);
    if (value === null || value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    for (const item of values) {
      if (!isScalar(item)) {
        throw new PatternError('invalid_input', `The parameter ${at} must be a string, a number, a boolean, or an array of them.`, { field: at });
      }
      const text = String(item);
      utf8(text, at);
      params.append(key, text);
    }
  }
  return params;
}
