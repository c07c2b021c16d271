import { PatternError } from '../errors.ts';
import { parseInput } from '../parse-input.ts';
import { type Workflow, WorkflowSchema } from '../workflow/schema.ts';
import { runTestCase, type TestCaseEnvironment, type TestCaseResult } from './run-test-case.ts';

export interface WorkflowTestOptions extends TestCaseEnvironment {
  /** Only these cases, by name; every one must exist. */
  names?: readonly string[];
  /** Stop after the first failing case. */
  bail?: boolean;
}

export interface WorkflowTestReport {
  workflowId?: string;
  passed: number;
  failed: number;
  cases: TestCaseResult[];
}

/**
 * Runs a workflow document's test cases, one after another, each in an engine of its own. A
 * document that is not a workflow is `validation_failed`; a name no case has is `not_found`.
 */
export async function runWorkflowTests(document: unknown, options: WorkflowTestOptions): Promise<WorkflowTestReport> {
  const workflow: Workflow = parseInput(WorkflowSchema, document, 'workflow');
  const all = workflow.tests ?? [];
  const missing = (options.names ?? []).filter((name) => !all.some((testCase) => testCase.name === name));
  if (missing.length > 0) {
    throw new PatternError('not_found', `There is no test case named ${missing.map((name) => `"${name}"`).join(', ')}`, { names: missing });
  }
  const chosen = options.names ? all.filter((testCase) => options.names?.includes(testCase.name)) : all;
  const cases: TestCaseResult[] = [];
  for (const testCase of chosen) {
    const result = await runTestCase(workflow, testCase, options);
    cases.push(result);
    if (!result.ok && options.bail) break;
  }
  const failed = cases.filter((result) => !result.ok).length;
  return { ...(workflow.id !== undefined ? { workflowId: workflow.id } : {}), passed: cases.length - failed, failed, cases };
}
