import { DEFAULT_RUN_PAGE, MAX_RUN_PAGE, type RunPage, type RunQuery, type RunSummary } from '@pattern/core';

/** How many runs a page holds: the query's limit, within bounds. A store reads one more, to know whether a page follows. */
export function pageLimit(query: RunQuery): number {
  return Math.min(Math.max(query.limit ?? DEFAULT_RUN_PAGE, 1), MAX_RUN_PAGE);
}

/** The page of `rows` (newest first, up to `limit + 1` of them); `next` is the cursor of the page after, if any. */
export function runPage<Row>(rows: Row[], limit: number, summary: (row: Row) => RunSummary): RunPage {
  const runs = rows.slice(0, limit).map(summary);
  return { runs, next: rows.length > limit ? (runs[runs.length - 1]?.id ?? null) : null };
}
