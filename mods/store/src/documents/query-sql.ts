import type { TypedKey } from './index-keys.ts';
import type { CountPlan, FieldFilter, QueryPlan, Term } from './query-plan.ts';

export type SqlValue = string | number | boolean | null | readonly unknown[];

/** A parameter's type, for a dialect that casts its placeholders; the others ignore it. */
export type SqlType = 'text' | 'int' | 'smallint' | 'float8' | 'smallint[]' | 'float8[]' | 'text[]';

/** A column of an index entry's stored key, and the name the query returns it under. */
export interface KeyColumn {
  name: string;
  as: string;
  type: SqlType;
}

/**
 * What the SQL of the drivers differs in. Everything else (the tables, the plan's shape, the
 * order of the key columns) is the same, so one builder writes the queries of both.
 */
export interface Dialect {
  /** The placeholder of the `n`th parameter (from 1). */
  placeholder(n: number, type: SqlType): string;
  /** The columns an entry's key is stored in, `kind` first: their order is the index's order. */
  keyColumns: readonly KeyColumn[];
  /** The values of a key, one per key column. */
  keyValues(key: TypedKey): SqlValue[];
  /** The one column a range on keys of this kind compares, with the bound's value. */
  rangeColumn(key: TypedKey): { name: string; value: SqlValue; type: SqlType };
  /** A test that the entry under `alias` has one of `keys`. */
  inKeys(alias: string, keys: TypedKey[], params: Params): string;
  /** A NULL of the type (in a column list, where the type cannot be inferred). */
  nullOf(type: SqlType): string;
  /** How a boolean column reads as true. */
  isTrue(column: string): string;
}

/** Parameters, numbered as the SQL text is built. */
export class Params {
  readonly values: SqlValue[] = [];
  private readonly dialect: Dialect;

  constructor(dialect: Dialect) {
    this.dialect = dialect;
  }

  add(value: SqlValue, type: SqlType): string {
    this.values.push(value);
    return this.dialect.placeholder(this.values.length, type);
  }
}

export interface Sql {
  sql: string;
  params: SqlValue[];
}

const DOC_COLUMNS = 'd.id, d.data, d.version, d.created_at, d.updated_at';
const ENTRY_DOCS = 'store_entries o JOIN store_docs d ON d.collection = o.collection AND d.id = o.doc_id';
const RANGE_SQL = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

/**
 * The SQL of a query plan. Its text depends only on the plan's shape, never on its values, so
 * each shape is prepared once and the statement caches stay small.
 */
export function querySql(plan: QueryPlan, dialect: Dialect): Sql {
  const dir = plan.order === 'asc' ? 'ASC' : 'DESC';
  const cmp = plan.order === 'asc' ? '>' : '<';
  const params = new Params(dialect);
  const keys = dialect.keyColumns;
  const nullKey = keys.map((c) => `${dialect.nullOf(c.type)} AS ${c.as}`).join(', ');
  const where: string[] = [];
  let from: string;
  let select: string;
  let orderBy: string;
  if (plan.by === 'field') {
    from = ENTRY_DOCS;
    select = `${DOC_COLUMNS}, ${keys.map((c) => `o.${c.name} AS ${c.as}`).join(', ')}`;
    where.push(`o.collection = ${params.add(plan.collection, 'text')}`, `o.field = ${params.add(plan.field, 'text')}`, dialect.isTrue('o.sort'));
    if (plan.drive) where.push(...termsSql('o', plan.drive.terms, params, dialect));
    if (plan.after?.key) {
      const values = dialect.keyValues(plan.after.key).map((value, i) => params.add(value, keys[i]?.type ?? 'text'));
      const columns = [...keys.map((c) => `o.${c.name}`), 'o.doc_id'];
      where.push(`(${columns.join(', ')}) ${cmp} (${[...values, params.add(plan.after.id, 'text')].join(', ')})`);
    }
    orderBy = [...keys.map((c) => `o.${c.name} ${dir}`), `o.doc_id ${dir}`].join(', ');
    where.push(...existsSql('o', plan.filters, params, dialect));
  } else if (plan.drive) {
    from = ENTRY_DOCS;
    select = `${DOC_COLUMNS}, ${nullKey}`;
    where.push(`o.collection = ${params.add(plan.collection, 'text')}`, `o.field = ${params.add(plan.drive.field, 'text')}`);
    where.push(...termsSql('o', plan.drive.terms, params, dialect));
    if (plan.after) where.push(`o.doc_id ${cmp} ${params.add(plan.after.id, 'text')}`);
    orderBy = `o.doc_id ${dir}`;
    where.push(...existsSql('o', plan.filters, params, dialect));
  } else {
    from = 'store_docs d';
    select = `${DOC_COLUMNS}, ${nullKey}`;
    where.push(`d.collection = ${params.add(plan.collection, 'text')}`);
    if (plan.after) where.push(`d.id ${cmp} ${params.add(plan.after.id, 'text')}`);
    orderBy = `d.id ${dir}`;
    where.push(...existsSql('d', plan.filters, params, dialect));
  }
  const limit = params.add(plan.limit, 'int');
  return { sql: `SELECT ${select} FROM ${from} WHERE ${where.join(' AND ')} ORDER BY ${orderBy} LIMIT ${limit}`, params: params.values };
}

/** The SQL of a count; undefined without filters, where the count of the collection's documents is the answer. */
export function countSql(plan: CountPlan, dialect: Dialect): Sql | undefined {
  const [drive, ...rest] = plan.filters;
  if (!drive) return undefined;
  const params = new Params(dialect);
  const where = [
    `o.collection = ${params.add(plan.collection, 'text')}`,
    `o.field = ${params.add(drive.field, 'text')}`,
    ...termsSql('o', drive.terms, params, dialect),
    ...existsSql('o', rest, params, dialect),
  ];
  return { sql: `SELECT COUNT(DISTINCT o.doc_id) AS n FROM store_entries o WHERE ${where.join(' AND ')}`, params: params.values };
}

/** `outer` is the alias of the row the document comes from: an entry (`o`) or the document itself (`d`). */
function existsSql(outer: 'o' | 'd', filters: FieldFilter[], params: Params, dialect: Dialect): string[] {
  const docId = outer === 'o' ? 'o.doc_id' : 'd.id';
  return filters.map((filter, i) => {
    const alias = `f${i}`;
    const field = params.add(filter.field, 'text');
    const terms = termsSql(alias, filter.terms, params, dialect);
    return `EXISTS (SELECT 1 FROM store_entries ${alias} WHERE ${alias}.collection = ${outer}.collection AND ${alias}.doc_id = ${docId} AND ${alias}.field = ${field} AND ${terms.join(' AND ')})`;
  });
}

function termsSql(alias: string, terms: Term[], params: Params, dialect: Dialect): string[] {
  return terms.map((term) => {
    if (term.op === 'in') return dialect.inKeys(alias, term.keys, params);
    if (term.op === 'eq') {
      const values = dialect.keyValues(term.key);
      return dialect.keyColumns.map((c, i) => `${alias}.${c.name} = ${params.add(values[i] ?? null, c.type)}`).join(' AND ');
    }
    const kind = params.add(term.key.kind, 'smallint');
    const column = dialect.rangeColumn(term.key);
    return `${alias}.kind = ${kind} AND ${alias}.${column.name} ${RANGE_SQL[term.op]} ${params.add(column.value, column.type)}`;
  });
}
