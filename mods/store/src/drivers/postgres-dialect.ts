import { KIND_NULL, KIND_STRING, type Kind, type TypedKey } from '../documents/index-keys.ts';
import type { Dialect } from '../documents/query-sql.ts';

export const numOf = (key: TypedKey): number => (typeof key.value === 'number' ? key.value : 0);
export const strOf = (key: TypedKey): string => (typeof key.value === 'string' ? key.value : '');
export const loaded = (kind: Kind, num: number, str: string): TypedKey => ({
  kind,
  value: kind === KIND_NULL ? null : kind === KIND_STRING ? str : num,
});

/**
 * PostgreSQL: `$n` placeholders cast to their type (a named statement is planned before it sees
 * a value), a key in (kind, num, str) with the column its kind does not use held constant.
 */
export const postgresDialect: Dialect = {
  placeholder: (n, type) => `$${n}::${type}`,
  keyColumns: [
    { name: 'kind', as: 'k', type: 'smallint' },
    { name: 'num', as: 'n', type: 'float8' },
    { name: 'str', as: 's', type: 'text' },
  ],
  keyValues: (key) => [key.kind, numOf(key), strOf(key)],
  rangeColumn: (key) =>
    key.kind === KIND_STRING ? { name: 'str', value: strOf(key), type: 'text' } : { name: 'num', value: numOf(key), type: 'float8' },
  inKeys(alias, keys, params) {
    // Arrays keep the text the same whatever the number of values.
    const kinds = params.add(
      keys.map((key) => key.kind),
      'smallint[]',
    );
    const nums = params.add(keys.map(numOf), 'float8[]');
    const strs = params.add(keys.map(strOf), 'text[]');
    return `(${alias}.kind, ${alias}.num, ${alias}.str) IN (SELECT * FROM unnest(${kinds}, ${nums}, ${strs}))`;
  },
  nullOf: (type) => `NULL::${type}`,
  isTrue: (column) => column,
};
