/**
 * `If-None-Match` (RFC 9110 §13.1.2): `*`, or a list of entity tags compared weakly, so
 * `W/"x"` matches `"x"`. A match means the client's copy is current.
 */
export function noneMatchHits(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  const opaque = weakless(etag);
  for (const tag of header.match(/(?:W\/)?"[^"]*"/g) ?? []) if (weakless(tag) === opaque) return true;
  return false;
}

/** `If-Range` takes strong comparison only: a weak tag never matches, so the whole body is sent. */
export function ifRangeHolds(header: string | undefined, etag: string): boolean {
  return header === undefined || header.trim() === etag;
}

function weakless(tag: string): string {
  return tag.startsWith('W/') ? tag.slice(2) : tag;
}
