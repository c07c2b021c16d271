import type { Problem } from '../workflow/problem.ts';
import type { Workflow } from '../workflow/schema.ts';

/** Test cases that name nodes the workflow does not have (in `mocks` or `expect.nodes`): a renamed node leaves them behind. */
export function testCaseProblems(workflow: Workflow): Problem[] {
  const ids = new Set(workflow.nodes.map((node) => node.id));
  const problems: Problem[] = [];
  (workflow.tests ?? []).forEach((testCase, i) => {
    for (const id of Object.keys(testCase.mocks ?? {})) {
      if (!ids.has(id))
        problems.push({
          code: 'unknown_node',
          path: `tests[${i}].mocks.${id}`,
          message: `Test case "${testCase.name}" mocks node "${id}", which the workflow does not have`,
          nodeId: id,
        });
    }
    for (const id of Object.keys(testCase.expect.nodes ?? {})) {
      if (!ids.has(id))
        problems.push({
          code: 'unknown_node',
          path: `tests[${i}].expect.nodes.${id}`,
          message: `Test case "${testCase.name}" expects node "${id}", which the workflow does not have`,
          nodeId: id,
        });
    }
  });
  return problems;
}
