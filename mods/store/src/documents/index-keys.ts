import { getPath } from '@pattern/core';
import { refuseNul, type Scalar } from '../schemas.ts';

/**
 * An indexed value keeps its type: `kind` orders types (null < booleans < numbers < strings) and
 * `value` compares within a type, so `10 > 9` as numbers and `"10" < "9"` as strings.
 */
export const KIND_NULL = 0;
export const KIND_BOOLEAN = 1;
export const KIND_NUMBER = 2;
export const KIND_STRING = 3;

export type Kind = typeof KIND_NULL | typeof KIND_BOOLEAN | typeof KIND_NUMBER | typeof KIND_STRING;

export interface TypedKey {
  kind: Kind;
  /** Booleans are stored as 0 and 1; their kind keeps them apart from numbers. */
  value: number | string | null;
}

export interface IndexEntry extends TypedKey {
  field: string;
  /** The entry a document sorts by: the value itself, or the first element of an array. */
  sort: boolean;
}

export function keyOf(value: Scalar): TypedKey {
  if (value === null) return { kind: KIND_NULL, value: null };
  if (typeof value === 'boolean') return { kind: KIND_BOOLEAN, value: value ? 1 : 0 };
  if (typeof value === 'number') return { kind: KIND_NUMBER, value };
  return { kind: KIND_STRING, value };
}

function indexableKey(value: unknown, field: string): TypedKey | undefined {
  if (typeof value === 'string') refuseNul(value, `data.${field}`);
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return keyOf(value);
  if (typeof value === 'number' && Number.isFinite(value)) return keyOf(value);
  return undefined;
}

/**
 * The index entries of a document: one per scalar, one per distinct element of an array, and a
 * null entry when the field is missing (or not indexable), so ordering by a field still lists
 * every document. A string holding NUL cannot be an index key on every driver: it is `bad_request`.
 */
export function indexEntries(data: unknown, fields: readonly string[]): IndexEntry[] {
  const entries: IndexEntry[] = [];
  for (const field of fields) {
    const value = getPath(data, field);
    const start = entries.length;
    if (Array.isArray(value)) {
      const seen = new Set<string>();
      for (const element of value) {
        const key = indexableKey(element, field);
        if (!key) continue;
        const id = `${key.kind}:${key.value}`;
        if (seen.has(id)) continue;
        seen.add(id);
        entries.push({ field, ...key, sort: entries.length === start });
      }
    } else {
      const key = indexableKey(value, field);
      if (key) entries.push({ field, ...key, sort: true });
    }
    if (entries.length === start) entries.push({ field, kind: KIND_NULL, value: null, sort: true });
  }
  return entries;
}

export function compareKeys(a: TypedKey, b: TypedKey): number {
  if (a.kind !== b.kind) return a.kind - b.kind;
  if (a.value === b.value) return 0;
  if (a.value === null) return -1;
  if (b.value === null) return 1;
  return a.value < b.value ? -1 : 1;
}
