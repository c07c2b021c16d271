import type { Where } from '../api/store.ts';

export const OPERATORS = [
  { id: 'eq', label: '=' },
  { id: 'gt', label: '>' },
  { id: 'gte', label: '≥' },
  { id: 'lt', label: '<' },
  { id: 'lte', label: '≤' },
  { id: 'in', label: 'in' },
] as const;

export type Operator = (typeof OPERATORS)[number]['id'];

export interface FilterRow {
  field: string;
  op: Operator;
  /** As typed: `42`, `true`, `"42"` (a string), `open`; for `in`, values separated by commas. */
  value: string;
}

type Scalar = string | number | boolean | null;

/** What a person typed, read as JSON when it is a JSON scalar (`42`, `true`, `null`, `"text"`), else as the text itself. */
export function parseScalar(text: string): Scalar {
  const trimmed = text.trim();
  try {
    const value: unknown = JSON.parse(trimmed);
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return value as Scalar;
  } catch {
    // Not JSON: the text is the value.
  }
  return trimmed;
}

/** Conditions on one field are combined, so `total ≥ 10` and `total < 100` make one range. */
export function toWhere(rows: readonly FilterRow[]): Where {
  const where: Record<string, Record<string, unknown>> = {};
  for (const row of rows) {
    if (!row.field || row.value.trim() === '') continue;
    const condition = (where[row.field] ??= {});
    condition[row.op] = row.op === 'in' ? row.value.split(',').map(parseScalar) : parseScalar(row.value);
  }
  return where as Where;
}

export function describeFilter(row: FilterRow): string {
  return `${row.field} ${OPERATORS.find((o) => o.id === row.op)?.label ?? row.op} ${row.op === 'in' ? `[${row.value}]` : row.value}`;
}

/** The value at a dotted path, as the store reads indexed fields. */
export function valueAt(data: Record<string, unknown>, path: string): unknown {
  let value: unknown = data;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** The filter rows kept in the address (`?filter=` JSON); anything that is not a list of rows is no filter. */
export function filtersFromParam(text: string | null): FilterRow[] {
  if (!text) return [];
  try {
    const value: unknown = JSON.parse(text);
    if (!Array.isArray(value)) return [];
    const known = new Set<string>(OPERATORS.map((o) => o.id));
    return value.filter(
      (row): row is FilterRow =>
        typeof row === 'object' &&
        row !== null &&
        typeof row.field === 'string' &&
        typeof row.value === 'string' &&
        typeof row.op === 'string' &&
        known.has(row.op),
    );
  } catch {
    return [];
  }
}
