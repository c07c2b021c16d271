import type { WorkflowTestReport } from '@pattern/core';

/** The cases of one workflow, or why its file could not be tested (not JSON, not a workflow). */
export interface WorkflowResult {
  /** The file, or `server:<id>` for a workflow of a running server. */
  source: string;
  workflowId: string;
  report?: WorkflowTestReport;
  error?: string;
}

export interface TestTotals {
  passed: number;
  failed: number;
  /** Workflows that could not be tested at all. */
  broken: number;
  durationMs: number;
}

export function totalsOf(results: readonly WorkflowResult[], durationMs: number): TestTotals {
  let passed = 0;
  let failed = 0;
  for (const result of results) {
    passed += result.report?.passed ?? 0;
    failed += result.report?.failed ?? 0;
  }
  return { passed, failed, broken: results.filter((r) => r.error !== undefined).length, durationMs };
}

export type Reporter = (results: readonly WorkflowResult[], totals: TestTotals) => string;
