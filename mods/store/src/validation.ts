import { PatternError, tooDeep, valueTooDeep } from '@pattern/core';
import type { z } from 'zod';

/** Parses what a caller gave, or fails with `validation_failed` naming the first field at fault. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.length ? issue.path.join('.') : what;
  throw new PatternError('validation_failed', `${what}: ${field === what ? '' : `${field}: `}${issue?.message ?? 'invalid'}`, {
    field,
    issues: parsed.error.issues,
  });
}

/** Refuses data nested deeper than the store keeps (`limits.maxStoredDepth`) with `too_deep` (400), naming the field. */
export function assertStoredDepth(data: unknown, field: string, maxDepth: number): void {
  if (valueTooDeep(data, maxDepth)) {
    throw tooDeep(
      field,
      maxDepth,
      `${field} nests arrays and objects deeper than ${maxDepth} levels, the most the store keeps (limits.maxStoredDepth)`,
    );
  }
}
