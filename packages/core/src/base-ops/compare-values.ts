import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';

export const CompareOperatorSchema = z.enum(['eq', 'ne', 'lt', 'lte', 'gt', 'gte']);
export type CompareOperator = z.infer<typeof CompareOperatorSchema>;

/** eq/ne compare structurally; the orderings compare numbers with numbers and strings with strings. */
export function compareValues(a: unknown, operator: CompareOperator, b: unknown): boolean {
  if (operator === 'eq') return isDeepStrictEqual(a, b);
  if (operator === 'ne') return !isDeepStrictEqual(a, b);
  const comparable = (typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string');
  if (!comparable) return false;
  const x = a as number | string;
  const y = b as number | string;
  switch (operator) {
    case 'lt':
      return x < y;
    case 'lte':
      return x <= y;
    case 'gt':
      return x > y;
    case 'gte':
      return x >= y;
  }
}
