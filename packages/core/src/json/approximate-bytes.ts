/**
 * About how many bytes a value takes as JSON, counted without writing it: a string by its length,
 * a number as 8, containers by their parts, bytes by their length. Counting stops once past
 * `limit`, so a huge value (or one that refers to itself) costs no more to measure than `limit`.
 */
export function approximateBytes(value: unknown, limit: number): number {
  let total = 0;
  const pending: unknown[] = [value];
  while (pending.length > 0 && total <= limit) {
    const item = pending.pop();
    if (typeof item === 'string') total += item.length + 2;
    else if (item === null || typeof item !== 'object') total += 8;
    else if (ArrayBuffer.isView(item)) total += item.byteLength;
    else if (Array.isArray(item)) {
      total += item.length + 2;
      for (const element of item) pending.push(element);
    } else {
      total += 2;
      for (const key in item) {
        total += key.length + 4;
        pending.push((item as Record<string, unknown>)[key]);
      }
    }
  }
  return total;
}
