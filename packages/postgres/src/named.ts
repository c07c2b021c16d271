import { createHash } from 'node:crypto';

export interface NamedQuery {
  name: string;
  text: string;
  values: unknown[];
}

const names = new Map<string, string>();

/**
 * A query as a named (prepared) statement: PostgreSQL parses and plans it once per connection and
 * reuses the plan. The name comes from the text, so one name never stands for two texts (a
 * connection refuses that), and texts built from a query's shape each get their own.
 */
export function named(text: string, values: readonly unknown[] = []): NamedQuery {
  let name = names.get(text);
  if (!name) {
    name = `pattern_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, name);
  }
  // pg never writes to the values it is given.
  return { name, text, values: values as unknown[] };
}

/** A fixed statement, called with its values. */
export function statement(text: string): (values?: readonly unknown[]) => NamedQuery {
  return (values = []) => named(text, values);
}
