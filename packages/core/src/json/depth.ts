import { PatternError } from '../errors.ts';

/**
 * How deeply arrays and objects may nest in JSON text that Pattern accepts: far beyond any real
 * document, far below what the recursive parts of the runtime (serializing, hashing, schema
 * checks) can take before the stack runs out.
 */
export const MAX_JSON_DEPTH = 256;

/** How deeply values in a run may nest (`limits.maxValueDepth`); also the most the setting allows. */
export const DEFAULT_MAX_VALUE_DEPTH = MAX_JSON_DEPTH;

/** How deeply stored document data and event payloads may nest (`limits.maxStoredDepth`). */
export const DEFAULT_MAX_STORED_DEPTH = 64;

export interface ValueLimits {
  maxValueDepth: number;
  maxStoredDepth: number;
}

export const DEFAULT_VALUE_LIMITS: Readonly<ValueLimits> = Object.freeze({
  maxValueDepth: DEFAULT_MAX_VALUE_DEPTH,
  maxStoredDepth: DEFAULT_MAX_STORED_DEPTH,
});

/**
 * Whether JSON text nests arrays and objects deeper than `maxDepth`, found before it is parsed.
 * One pass over the characters, with no allocation: cheap enough for every request body.
 */
export function jsonTextTooDeep(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92 /* \ */) i++;
      else if (ch === 34 /* " */) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 123 /* { */ || ch === 91 /* [ */) {
      if (++depth > maxDepth) return true;
    } else if (ch === 125 /* } */ || ch === 93 /* ] */) depth--;
  }
  return false;
}

/** Refuses JSON text that nests deeper than `MAX_JSON_DEPTH` with `bad_request`, before it is parsed. */
export function assertJsonDepth(text: string, field: string): void {
  if (jsonTextTooDeep(text, MAX_JSON_DEPTH)) {
    throw new PatternError('bad_request', `${field} nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`, {
      field,
      maxDepth: MAX_JSON_DEPTH,
    });
  }
}

/** How deep the first look at a value goes by recursion, which allocates nothing; most values end well above it. */
const SHALLOW_DEPTH = 8;

/**
 * Whether a value nests arrays and objects deeper than `maxDepth` (a scalar is depth 0, `{}` and
 * `[]` are 1). Iterative past the first few levels, so no depth of input can exhaust the stack; it
 * stops at the first branch past the limit, and a cyclic value counts as too deep rather than looping.
 */
export function valueTooDeep(value: unknown, maxDepth: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  const budget = Math.min(maxDepth, SHALLOW_DEPTH);
  if (withinDepth(value, budget)) return false;
  if (maxDepth <= SHALLOW_DEPTH) return true;
  const pending: object[] = [value];
  const depths: number[] = [1];
  while (pending.length > 0) {
    const node = pending.pop() as object;
    const depth = depths.pop() as number;
    if (depth > maxDepth) return true;
    const children: unknown[] = Array.isArray(node) ? node : Object.values(node);
    for (const child of children) {
      if (child === null || typeof child !== 'object') continue;
      pending.push(child);
      depths.push(depth + 1);
    }
  }
  return false;
}

/** Whether `node` (an object or array) nests no deeper than `budget` levels; false as well for a cycle within it. */
function withinDepth(node: object, budget: number): boolean {
  if (budget < 1) return false;
  if (Array.isArray(node)) {
    for (const child of node) if (child !== null && typeof child === 'object' && !withinDepth(child, budget - 1)) return false;
    return true;
  }
  for (const key in node) {
    if (!Object.hasOwn(node, key)) continue;
    const child = (node as Record<string, unknown>)[key];
    if (child !== null && typeof child === 'object' && !withinDepth(child, budget - 1)) return false;
  }
  return true;
}

/** Refuses a value deeper than `maxDepth` with `too_deep` naming the field. */
export function assertValueDepth(value: unknown, field: string, maxDepth: number): void {
  if (valueTooDeep(value, maxDepth)) throw tooDeep(field, maxDepth);
}

/** Refuses data deeper than a mod keeps (`limits.maxStoredDepth`) with `too_deep` naming the field; `keeper` is who refuses, like "the store". */
export function assertStoredDepth(value: unknown, field: string, maxDepth: number, keeper: string): void {
  if (valueTooDeep(value, maxDepth)) {
    throw tooDeep(
      field,
      maxDepth,
      `${field} nests arrays and objects deeper than ${maxDepth} levels, the most ${keeper} keeps (limits.maxStoredDepth)`,
    );
  }
}

export function tooDeep(field: string, maxDepth: number, message = `${field} nests arrays and objects deeper than ${maxDepth} levels`): PatternError {
  return new PatternError('too_deep', message, { field, maxDepth });
}

/** The first entry of `values` (an op's outputs, say) deeper than `maxDepth`, as a `too_deep` error naming it. */
export function tooDeepEntry(values: Record<string, unknown>, maxDepth: number, what: string): PatternError | undefined {
  for (const key of Object.keys(values)) {
    if (valueTooDeep(values[key], maxDepth))
      return tooDeep(key, maxDepth, `${what} "${key}" nests arrays and objects deeper than ${maxDepth} levels`);
  }
  return undefined;
}
