/** Past this depth a value counts as over any limit: trace values are at most 256 deep, and a value that refers to itself is deeper. */
const MAX_DEPTH = 512;

/**
 * About how many bytes a value takes as JSON, counted without writing it: a string by its length,
 * a number as 8, containers by their parts, bytes by their length. Counting stops once past
 * `limit`, so a huge value (or one that refers to itself) costs no more to measure than `limit`.
 */
export function approximateBytes(value: unknown, limit: number): number {
  return measure(value, limit, 0);
}

function measure(value: unknown, limit: number, depth: number): number {
  if (typeof value === 'string') return value.length + 2;
  if (value === null || typeof value !== 'object') return 8;
  if (depth >= MAX_DEPTH) return limit + 1;
  if (ArrayBuffer.isView(value)) return value.byteLength;
  let total = 2;
  if (Array.isArray(value)) {
    for (const item of value) {
      total += 1 + measure(item, limit - total, depth + 1);
      if (total > limit) break;
    }
    return total;
  }
  for (const key in value) {
    total += key.length + 4 + measure((value as Record<string, unknown>)[key], limit - total, depth + 1);
    if (total > limit) break;
  }
  return total;
}
