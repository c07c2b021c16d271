/**
 * Trace values are kept whole in memory while a run is live, but a stored run must stay small:
 * values over the limit are replaced by a marker that says so, never cut silently.
 */
export const TRUNCATED = '$truncated';

export interface TruncatedValue {
  [TRUNCATED]: true;
  bytes: number;
  preview: string;
}

export function truncateValue(value: unknown, maxBytes: number): unknown {
  if (value === undefined || value === null || typeof value !== 'object') {
    if (typeof value === 'string' && value.length > maxBytes) return marker(JSON.stringify(value), maxBytes);
    return value;
  }
  let text: string;
  try {
    text = JSON.stringify(value);
  } catch {
    return { [TRUNCATED]: true, bytes: -1, preview: '(not serializable)' };
  }
  if (text === undefined || text.length <= maxBytes) return value;
  return marker(text, maxBytes);
}

function marker(text: string, maxBytes: number): TruncatedValue {
  return { [TRUNCATED]: true, bytes: Buffer.byteLength(text), preview: text.slice(0, Math.min(1024, maxBytes)) };
}

export function isTruncated(value: unknown): value is TruncatedValue {
  return value !== null && typeof value === 'object' && (value as Record<string, unknown>)[TRUNCATED] === true;
}
