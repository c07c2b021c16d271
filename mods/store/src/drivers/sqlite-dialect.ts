import { KIND_NULL, type Kind, type TypedKey } from '../documents/index-keys.ts';
import type { Dialect } from '../documents/query-sql.ts';

/** A null has no value to compare; it is stored as 0 under its own kind (a primary key column cannot hold NULL). */
export const stored = (key: TypedKey): string | number => key.value ?? 0;
export const loaded = (kind: Kind, value: string | number): TypedKey => ({ kind, value: kind === KIND_NULL ? null : value });

/** SQLite: `?` placeholders, a key in (kind, value) since a column holds any type, booleans as 0 and 1. */
export const sqliteDialect: Dialect = {
  placeholder: () => '?',
  keyColumns: [
    { name: 'kind', as: 'k', type: 'smallint' },
    { name: 'value', as: 'v', type: 'text' },
  ],
  keyValues: (key) => [key.kind, stored(key)],
  rangeColumn: (key) => ({ name: 'value', value: stored(key), type: 'text' }),
  inKeys(alias, keys, params) {
    if (keys.length === 0) return '0';
    const rows = keys.map((key) => `(${params.add(key.kind, 'smallint')}, ${params.add(stored(key), 'text')})`);
    return `(${alias}.kind, ${alias}.value) IN (VALUES ${rows.join(', ')})`;
  },
  nullOf: () => 'NULL',
  isTrue: (column) => `${column} = 1`,
};
