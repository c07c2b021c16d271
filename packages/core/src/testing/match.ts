import { isPlainObject } from '../json/object-schema.ts';

/** One way a run differs from what its test case expects, located like an assertion library locates it. */
export interface Mismatch {
  /** `output.items[2].total`, `nodes.charge.outputs.ok`, `status`. */
  path: string;
  expected: unknown;
  actual: unknown;
  message: string;
  /** For a mismatch inside a node: the inputs the node got, to see why it answered so. */
  nodeInputs?: Record<string, unknown>;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return IDENTIFIER.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/**
 * A partial deep match: every key the expectation names must match, keys it leaves out may hold
 * anything; arrays match by length and index; everything else by JSON equality.
 */
export function matchPartial(expected: unknown, actual: unknown, path: string, out: Mismatch[] = []): Mismatch[] {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) {
      out.push({ path, expected, actual, message: `expected an array, got ${describe(actual)}` });
      return out;
    }
    if (expected.length !== actual.length) {
      out.push({
        path: `${path}.length`,
        expected: expected.length,
        actual: actual.length,
        message: `expected ${expected.length} items, got ${actual.length}`,
      });
    }
    const common = Math.min(expected.length, actual.length);
    for (let i = 0; i < common; i++) matchPartial(expected[i], actual[i], childPath(path, i), out);
    return out;
  }
  if (isPlainObject(expected)) {
    if (!isPlainObject(actual)) {
      out.push({ path, expected, actual, message: `expected an object, got ${describe(actual)}` });
      return out;
    }
    for (const [key, value] of Object.entries(expected)) {
      const at = childPath(path, key);
      if (!Object.hasOwn(actual, key)) {
        if (value !== undefined) out.push({ path: at, expected: value, actual: undefined, message: 'expected a value, found none' });
        continue;
      }
      matchPartial(value, actual[key], at, out);
    }
    return out;
  }
  if (!Object.is(expected, actual)) {
    out.push({ path, expected, actual, message: `expected ${show(expected)}, got ${show(actual)}` });
  }
  return out;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${show(value)}`;
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
