import type { Reporter } from './results.ts';

/** For scripts: the runner's reports as they are, runs included, with the totals. */
export const jsonReporter: Reporter = (results, totals) => `${JSON.stringify({ ...totals, workflows: results }, null, 2)}\n`;
