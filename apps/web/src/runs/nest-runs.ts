import type { ChildRunsTrace, ChildRunTrace, RunSummary } from '@pattern/core';

/** A run of a list page, and the child runs of it that are on the same page. */
export interface NestedRun {
  run: RunSummary;
  children: RunSummary[];
}

/**
 * Puts each child run under its parent when both are on the page, in the page's order (newest
 * first); a child whose parent is on another page stays a row of its own.
 */
export function nestRuns(runs: readonly RunSummary[]): NestedRun[] {
  const onPage = new Set(runs.map((run) => run.id));
  const children = new Map<string, RunSummary[]>();
  for (const run of runs) {
    if (run.parentRunId === undefined || !onPage.has(run.parentRunId)) continue;
    const list = children.get(run.parentRunId) ?? [];
    list.push(run);
    children.set(run.parentRunId, list);
  }
  return runs
    .filter((run) => run.parentRunId === undefined || !onPage.has(run.parentRunId))
    .map((run) => ({ run, children: children.get(run.id) ?? [] }));
}

export type ChildFilter = 'all' | 'failed';

/** One page of a node's child runs, in the order they started, failed ones only when asked. */
export function childPage(
  children: ChildRunsTrace,
  filter: ChildFilter,
  page: number,
  size: number,
): { rows: ChildRunTrace[]; pages: number; matching: number } {
  const matching = filter === 'failed' ? children.runs.filter((child) => child.status === 'error' || child.status === 'cancelled') : children.runs;
  const pages = Math.max(1, Math.ceil(matching.length / size));
  const at = Math.min(Math.max(page, 0), pages - 1);
  return { rows: matching.slice(at * size, at * size + size), pages, matching: matching.length };
}

/** The page's runs with each parent's children right after it, as the list draws them. */
export function parentsThenChildren(runs: readonly RunSummary[]): RunSummary[] {
  return nestRuns(runs).flatMap(({ run, children }) => [run, ...children]);
}
