import { PatternError, tooDeep, valueTooDeep } from '@pattern/core';
import type { z } from 'zod';

/** Parses `value` with a compiled schema, or throws `validation_failed` naming the field and the first problem. */
export function parseField<S extends z.ZodType>(schema: S, value: unknown, field: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = [field, ...(issue?.path ?? []).map(String)].join('.');
  throw new PatternError('validation_failed', `${path}: ${issue?.message ?? 'invalid value'}`, {
    field: path,
    issues: parsed.error.issues.map((i) => ({ path: [field, ...i.path.map(String)].join('.'), message: i.message })),
  });
}

/** Refuses a payload or metadata nested deeper than the event store keeps (`limits.maxStoredDepth`) with `too_deep` (400), naming the field. */
export function assertStoredDepth(value: unknown, field: string, maxDepth: number): void {
  if (valueTooDeep(value, maxDepth)) {
    throw tooDeep(
      field,
      maxDepth,
      `${field} nests arrays and objects deeper than ${maxDepth} levels, the most the event store keeps (limits.maxStoredDepth)`,
    );
  }
}
