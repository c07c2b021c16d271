import { runWorkflowTests } from '@pattern/core';
import eventStoreMod from '@pattern/mod-event-store';
import storeMod from '@pattern/mod-store';
import { helloWorkflow } from '../apps/server/src/seed.ts';
import { type BenchRow, type BenchSuite, spread, windowMs } from './harness.ts';

const TARGET_MS = 2;

/** Milliseconds per run of one case, each case in an engine of its own as `pattern test` runs it. */
async function caseMillis(mods: Parameters<typeof runWorkflowTests>[1]['mods'], ms: number): Promise<number[]> {
  const names = [helloWorkflow.tests?.[0]?.name as string];
  const took: number[] = [];
  for (let i = 0; i < 20; i++) await runWorkflowTests(helloWorkflow, { mods, names });
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const start = performance.now();
    const report = await runWorkflowTests(helloWorkflow, { mods, names });
    took.push(performance.now() - start);
    if (report.failed > 0) throw new Error(`the hello case failed: ${JSON.stringify(report.cases[0]?.mismatches)}`);
  }
  return took;
}

/**
 * One test case of the seeded `hello` workflow, end to end: a fresh engine, its start, the run,
 * the comparison, the stop. With core's ops alone (the target), and with the store and the event
 * store on memory, whose services a case sets up too when they are loaded.
 */
export const workflowTestsBench: BenchSuite = async () => {
  const rows: BenchRow[] = [];
  const bare = spread(await caseMillis([], windowMs(2000)));
  rows.push({
    group: 'workflow-tests',
    name: 'one hello test case (core ops)',
    value: bare.median,
    p99: bare.p99,
    max: bare.max,
    unit: 'ms',
    target: `< ${TARGET_MS} ms`,
    met: bare.median < TARGET_MS,
  });
  const withData = spread(await caseMillis([storeMod, eventStoreMod], windowMs(2000)));
  rows.push({
    group: 'workflow-tests',
    name: 'one hello test case (with store and event store)',
    value: withData.median,
    p99: withData.p99,
    max: withData.max,
    unit: 'ms',
  });
  return rows;
};
