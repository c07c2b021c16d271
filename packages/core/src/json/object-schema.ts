import { z } from 'zod';

/** A plain object as `JSON.parse` makes it (or one with no prototype); arrays, dates and class instances are not. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value;
}

/**
 * A JSON object with any keys, handed on as given. `z.record` builds a new object and leaves out
 * an own `__proto__` key (writing it would set the prototype instead); data that came as JSON
 * keeps every key it had, so this checks the shape and returns the very object.
 */
export const JsonObjectSchema = z
  .custom<Record<string, unknown>>(isPlainObject, { error: (issue) => `Invalid input: expected an object, received ${kindOf(issue.input)}` })
  .meta({ type: 'object', propertyNames: { type: 'string' }, additionalProperties: {} });
