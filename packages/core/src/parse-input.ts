import type { z } from 'zod';
import { PatternError } from './errors.ts';
import { formatPath } from './workflow/problem.ts';

type Issue = { path: PropertyKey[]; message: string; code?: string; keys?: string[] };

/** Where an issue is: a key that is not allowed is named itself, not the object it is in. */
function pathOf(issue: Issue): PropertyKey[] {
  const unknownKey = issue.code === 'unrecognized_keys' ? issue.keys?.[0] : undefined;
  return unknownKey === undefined ? issue.path : [...issue.path, unknownKey];
}

/** The first problem of a failed parse, located for a person: `body.items[0].qty: expected number`. */
export function firstIssue(error: { issues: ReadonlyArray<Issue> }, root?: string): string {
  const issue = error.issues[0];
  const path = issue ? pathOf(issue) : [];
  const where = formatPath(root === undefined ? path : [root, ...path]);
  const message = issue?.message ?? 'invalid value';
  return where ? `${where}: ${message}` : message;
}

export interface ParseOptions {
  /** `validation_failed` (a value breaks a rule) by default; `bad_request` for a request that is malformed, like a query parameter. */
  code?: 'validation_failed' | 'bad_request';
  /**
   * By default `value` is the one field `field` names, and a problem inside it is named under it
   * (`events.0.type`). With `whole`, `value` is a caller's whole input (a request body, the argument
   * of a service method, a mod's options): its own keys are the fields `details.field` names
   * (`indexes.0`), and `field` only says what it is, in the message.
   */
  whole?: boolean;
}

/**
 * Parses what a caller gave at the edge (a route, a service method, a mod's options), or throws
 * the one error every edge speaks: `{ code, message, details: { field, issues } }`, with the
 * message and `field` naming the first problem.
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, field: string, options: ParseOptions = {}): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const fieldOf = (path: PropertyKey[]) => (options.whole ? path.map(String).join('.') || field : [field, ...path.map(String)].join('.'));
  const issues = parsed.error.issues.map((issue) => ({ path: fieldOf(pathOf(issue)), message: issue.message }));
  throw new PatternError(options.code ?? 'validation_failed', firstIssue(parsed.error, field), { field: issues[0]?.path ?? field, issues });
}
