import { z } from 'zod';

export const ProblemCodeSchema = z.enum([
  'invalid_shape',
  'duplicate_node',
  'unknown_op',
  'unknown_node',
  'unknown_port',
  'multi_source',
  'missing_input',
  'config_invalid',
  'schema_mismatch',
  'cycle',
  'route_invalid',
  'route_reserved',
  'unknown_secret',
  'unknown_workflow',
  'retry_refused',
  'response_skippable',
]);

/** One thing wrong with a workflow, located so an editor can draw it where it belongs. */
export const ProblemSchema = z.object({
  code: ProblemCodeSchema,
  /** `nodes[2].config.collection`, `edges[4].to.port`. */
  path: z.string(),
  message: z.string(),
  nodeId: z.string().optional(),
  port: z.string().optional(),
  edge: z.number().int().optional(),
  /** `warning` never keeps a workflow from saving, running or publishing; absent means `error`. */
  severity: z.enum(['error', 'warning']).optional(),
});

export type ProblemCode = z.infer<typeof ProblemCodeSchema>;
export type Problem = z.infer<typeof ProblemSchema>;

/** `['nodes', 2, 'config', 'collection']` → `nodes[2].config.collection`. */
export function formatPath(parts: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of parts) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}
