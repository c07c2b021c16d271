import { PatternError } from '@pattern/core';
import { type Condition, DEFAULT_QUERY_LIMIT, MAX_QUERY_LIMIT, type Order, refuseNul, type Scalar, type Where } from '../schemas.ts';
import { type Cursor, decodeCursor } from './cursor.ts';
import { compareKeys, KIND_NULL, keyOf, type TypedKey } from './index-keys.ts';

export type RangeOp = 'gt' | 'gte' | 'lt' | 'lte';

/** One test on the entries of a field: equal to a key, in a set of keys, or within bounds of one kind. */
export type Term = { op: 'eq'; key: TypedKey } | { op: 'in'; keys: TypedKey[] } | { op: RangeOp; key: TypedKey };

export interface FieldFilter {
  field: string;
  /** All of them hold, on the same entry. */
  terms: Term[];
}

/**
 * A query as every driver runs it, decided once here so that drivers agree:
 * - `by: "field"`: documents in the order of `field`'s sort entry (for an array, its first element);
 *   `drive` holds the conditions on that field, tested on the sort entry, so they use the index range.
 * - `by: "id"`: documents in id order (creation order for ULIDs); `drive` is an equality on one field.
 * `filters` hold if any entry of their field matches (an array matches when one element does).
 */
export interface QueryPlan {
  collection: string;
  by: 'field' | 'id';
  field: string | null;
  order: Order;
  drive: FieldFilter | null;
  filters: FieldFilter[];
  after: Cursor | null;
  limit: number;
}

export interface CountPlan {
  collection: string;
  filters: FieldFilter[];
}

interface PlanRequest {
  collection: string;
  where?: Where | undefined;
  orderBy?: string | undefined;
  order?: Order | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

export function planQuery(request: PlanRequest, indexes: readonly string[]): QueryPlan {
  const filters = compileWhere(request.collection, request.where, indexes);
  if (request.orderBy !== undefined) requireIndexed(request.collection, request.orderBy, indexes, 'orderBy');
  const order = request.order ?? 'asc';
  const limit = Math.min(request.limit ?? DEFAULT_QUERY_LIMIT, MAX_QUERY_LIMIT);
  const equality = filters.find((f) => f.terms.length === 1 && f.terms[0]?.op === 'eq');
  // Without an orderBy, an equality drives in id order; else the first ranged field orders the result.
  const field = request.orderBy ?? (equality ? null : (filters[0]?.field ?? null));
  const drive = field !== null ? (filters.find((f) => f.field === field) ?? null) : (equality ?? null);
  const rest = filters.filter((f) => f !== drive);
  const after = request.cursor !== undefined ? decodeCursor(request.cursor, field, order) : null;
  return { collection: request.collection, by: field !== null ? 'field' : 'id', field, order, drive, filters: rest, after, limit };
}

export function planCount(collection: string, where: Where | undefined, indexes: readonly string[]): CountPlan {
  return { collection, filters: compileWhere(collection, where, indexes) };
}

function compileWhere(collection: string, where: Where | undefined, indexes: readonly string[]): FieldFilter[] {
  const filters: FieldFilter[] = [];
  for (const [field, condition] of Object.entries(where ?? {})) {
    requireIndexed(collection, field, indexes, 'where');
    filters.push({ field, terms: compileCondition(field, condition) });
  }
  return filters;
}

/** The key of a value to compare with; no stored key holds NUL, and PostgreSQL cannot even be asked about one. */
function operandKey(value: Scalar, at: string): TypedKey {
  if (typeof value === 'string') refuseNul(value, at);
  return keyOf(value);
}

function compileCondition(field: string, condition: Scalar | Condition): Term[] {
  if (condition === null || typeof condition !== 'object') return [{ op: 'eq', key: operandKey(condition, `where.${field}`) }];
  const terms: Term[] = [];
  let rangeKind: number | undefined;
  for (const [op, operand] of Object.entries(condition) as Array<[keyof Condition, Scalar | Scalar[] | undefined]>) {
    if (operand === undefined) continue;
    if (op === 'in') {
      terms.push({ op: 'in', keys: (operand as Scalar[]).map((value) => operandKey(value, `where.${field}.in`)) });
    } else if (op === 'eq') {
      terms.push({ op: 'eq', key: operandKey(operand as Scalar, `where.${field}.eq`) });
    } else {
      const key = operandKey(operand as Scalar, `where.${field}.${op}`);
      if (key.kind === KIND_NULL) throw invalidWhere(field, op, `"${op}" needs a number, a string or a boolean to compare with`);
      if (rangeKind !== undefined && rangeKind !== key.kind) throw invalidWhere(field, op, 'the bounds of a range must be of one type');
      rangeKind = key.kind;
      terms.push({ op, key });
    }
  }
  if (terms.length === 0) throw invalidWhere(field, null, 'give a value or at least one of eq, gt, gte, lt, lte, in');
  return terms;
}

function requireIndexed(collection: string, field: string, indexes: readonly string[], where: 'where' | 'orderBy'): void {
  if (indexes.includes(field)) return;
  throw new PatternError(
    'unindexed_field',
    `Field "${field}" is not indexed in collection "${collection}"${indexes.length ? ` (indexed: ${indexes.join(', ')})` : ' (it has no indexes)'}; declare it in the collection's indexes`,
    { field, in: where, collection, indexed: [...indexes] },
  );
}

function invalidWhere(field: string, op: string | null, message: string): PatternError {
  return new PatternError('validation_failed', `where.${field}${op ? `.${op}` : ''}: ${message}`, { field: `where.${field}${op ? `.${op}` : ''}` });
}

/** Whether an index entry satisfies a term; the memory driver's evaluation of what SQL does. */
export function termMatches(entry: TypedKey, term: Term): boolean {
  switch (term.op) {
    case 'eq':
      return compareKeys(entry, term.key) === 0;
    case 'in':
      return term.keys.some((key) => compareKeys(entry, key) === 0);
    default: {
      if (entry.kind !== term.key.kind) return false;
      const c = compareKeys(entry, term.key);
      return term.op === 'gt' ? c > 0 : term.op === 'gte' ? c >= 0 : term.op === 'lt' ? c < 0 : c <= 0;
    }
  }
}
