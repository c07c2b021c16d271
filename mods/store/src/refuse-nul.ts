import { PatternError } from '@pattern/core';

/**
 * PostgreSQL text cannot hold U+0000 and SQLite can: so that every driver takes the same data,
 * the store refuses NUL in whatever it keeps as text of its own (ids, keys, owners, indexed values,
 * media types). Document data that is not indexed is JSON, where NUL is escaped, and may hold it.
 */
export function refuseNul(value: string | undefined | null, field: string): void {
  if (value?.includes('\0')) {
    throw new PatternError('bad_request', `${field} must not contain the NUL character (U+0000)`, { field });
  }
}
