import { PatternError } from '../errors.ts';
import type { OpDefinition } from '../ops/define-op.ts';
import { firstIssue } from '../parse-input.ts';

/**
 * Parses the values that arrived for a node by each port's compiled schema, in place, so a node
 * never sees data of the wrong shape. Ports typed `unknown` are passed through untouched.
 */
export function prepareInputs(op: OpDefinition, values: Record<string, unknown>): Record<string, unknown> {
  for (const port of op.inputs) {
    if (port.kind === 'control') continue;
    const value = values[port.name];
    if (value === undefined && !port.optional) {
      throw new PatternError('missing_input', `Input "${port.name}" of ${op.name} has no value`, { port: port.name });
    }
    if (port.passthrough) continue;
    const parsed = port.schema.safeParse(value);
    if (!parsed.success) {
      throw new PatternError('invalid_input', `Input "${port.name}" of ${op.name}: ${firstIssue(parsed.error)}`, {
        port: port.name,
        issues: parsed.error.issues,
      });
    }
    if (parsed.data !== undefined) values[port.name] = parsed.data;
  }
  return values;
}
