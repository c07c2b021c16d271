import { PatternError } from '../errors.ts';

/**
 * The longest text (in UTF-16 units) an op builds: padding, replacing and joining refuse to go
 * past it rather than ask V8 for a string it cannot allocate, or take the server's memory with it.
 */
export const MAX_TEXT_LENGTH = 16 * 1024 * 1024;

/** The most items an op that makes many pieces from one value (splitting, matching) returns. */
export const MAX_ITEMS = 1_000_000;

/** A value an op cannot work with: a node error naming the port, so a person knows which wire to look at. */
export function invalidInput(port: string, message: string, details: Record<string, unknown> = {}): PatternError {
  return new PatternError('invalid_input', message, { port, ...details });
}

export function tooLarge(port: string, message: string): PatternError {
  return new PatternError('too_large', message, { port });
}

/** A number result a JSON value can carry: finite (JSON has no Infinity), and 0 rather than -0. */
export function finiteResult(value: number, what: string): number {
  if (Number.isNaN(value)) throw new PatternError('invalid_input', `${what} is not a number`);
  if (!Number.isFinite(value)) throw new PatternError('out_of_range', `${what} is too large to represent`);
  return value === 0 ? 0 : value;
}

/** Sets a key as an own, enumerable property: a `__proto__` key stays data and never replaces the prototype. */
export function defineOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else target[key] = value;
}
