import { firstIssue } from '../parse-input.ts';
import { formatPath } from '../workflow/problem.ts';
import type { OpDefinition } from './define-op.ts';
import type { NodePorts } from './node-ports.ts';

/** A config problem located relative to the node's `config`. */
export interface NodeConfigProblem {
  code: 'config_invalid';
  at: PropertyKey[];
  message: string;
  port?: string;
}

export interface SplitConfig {
  /** The op's own settings, parsed. */
  settings: unknown;
  /** Constants for input ports, parsed by each port's schema. */
  constants: Record<string, unknown>;
  problems: NodeConfigProblem[];
}

/**
 * A node's `config` mixes the op's settings and constants for its input ports.
 * Splits and parses both; every problem is located relative to `config`.
 */
export function splitNodeConfig(op: OpDefinition, config: Record<string, unknown> | undefined, ports: NodePorts = op): SplitConfig {
  const problems: NodeConfigProblem[] = [];
  const constants: Record<string, unknown> = {};
  const settingsIn: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config ?? {})) {
    const port = ports.inputByName.get(key);
    if (port) {
      if (port.kind === 'control') {
        problems.push({ code: 'config_invalid', at: [key], port: key, message: `"${key}" is a control port; it takes an edge, not a value` });
        continue;
      }
      const parsed = port.schema.safeParse(value);
      if (parsed.success) constants[key] = parsed.data;
      else {
        const at = [key, ...(parsed.error.issues[0]?.path ?? [])];
        problems.push({ code: 'config_invalid', at, port: key, message: `"${key}": ${firstIssue(parsed.error)}` });
      }
    } else if (op.configKeys.has(key)) {
      settingsIn[key] = value;
    } else {
      const known = [...ports.inputs.filter((p) => p.kind === 'value').map((p) => p.name), ...op.configKeys];
      problems.push({
        code: 'config_invalid',
        at: [key],
        message: `"${key}" is not a setting or input of ${op.name}${known.length ? ` (known: ${known.join(', ')})` : ''}`,
      });
    }
  }
  let settings: unknown = settingsIn;
  if (op.config) {
    const parsed = op.config.safeParse(settingsIn);
    if (parsed.success) settings = parsed.data;
    else {
      for (const issue of parsed.error.issues) {
        problems.push({ code: 'config_invalid', at: issue.path, message: `${formatPath(issue.path) || 'config'}: ${issue.message}` });
      }
    }
  }
  return { settings, constants, problems };
}
