import { z } from 'zod';
import { ConfigProblem } from '../ops/config-problem.ts';
import type { PrepareEnv } from '../ops/define-op.ts';

/** The `workflow` setting of the ops that run a saved workflow as a child; the editor offers a picker of saved workflows. */
export const childWorkflowSetting = z.string().min(1).max(128).meta({ editor: 'workflow' });

export const childVersionSetting = z.number().int().min(1).optional().describe('A published version to run; by default the active one.');

/** Refuses, when the workflow is saved, a call of a workflow that does not exist. */
export function requireWorkflow(env: PrepareEnv, id: string, at: PropertyKey[]): void {
  if (!env.workflowExists(id)) throw new ConfigProblem([{ at, message: `There is no saved workflow "${id}"`, code: 'unknown_workflow' }]);
}
