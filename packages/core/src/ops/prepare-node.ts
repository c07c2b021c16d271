import { toErrorBody } from '../errors.ts';
import { ConfigProblem, type ConfigProblemEntry } from './config-problem.ts';
import type { OpDefinition, PrepareEnv } from './define-op.ts';

export type PreparedNode = { ok: true; prepared: unknown } | { ok: false; problems: ConfigProblemEntry[] };

/** Runs an op's `prepare` on a node's parsed settings and constants; a throw of any kind is a problem, never a crash. */
export function prepareNode(op: OpDefinition, settings: unknown, constants: Record<string, unknown>, env: PrepareEnv): PreparedNode {
  if (!op.prepare) return { ok: true, prepared: undefined };
  const config = { ...(settings as Record<string, unknown>), ...constants };
  try {
    return { ok: true, prepared: op.prepare(config, env) };
  } catch (error) {
    if (error instanceof ConfigProblem) return { ok: false, problems: error.problems };
    return { ok: false, problems: [{ at: [], message: `${op.name} cannot use this config: ${toErrorBody(error).message}` }] };
  }
}
