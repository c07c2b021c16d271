import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunSummary } from '@pattern/core';
import { type PatternServer, startServer } from '../apps/server/src/index.ts';
import type { BenchSuite } from './harness.ts';
import { sleep, spread, windowMs } from './harness.ts';

const WORKFLOWS = 1000;

const edge = (from: string, fromPort: string, to: string, toPort: string) => ({
  from: { node: from, port: fromPort },
  to: { node: to, port: toPort },
});

const everySecond = {
  nodes: [
    { id: 'tick', op: 'schedule.trigger', config: { cron: '* * * * * *' } },
    { id: 'out', op: 'flow.output' },
  ],
  edges: [edge('tick', 'tick', 'out', 'value')],
};

/** A server on SQLite in a fresh folder, as `npm start` runs it, without request lines. */
function server(): Promise<PatternServer> {
  return startServer({ quiet: true, mods: [], seed: false, keepRuns: 100_000, dataDir: mkdtempSync(join(tmpdir(), 'pattern-bench-')) });
}

/** Milliseconds of CPU the process spends per second of wall time over `ms`. */
async function cpuPerSecond(ms: number): Promise<number> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await sleep(ms);
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / 1000 / ((performance.now() - start) / 1000);
}

async function scheduledRuns(app: PatternServer, since: number): Promise<RunSummary[]> {
  await app.engine.runs.flush();
  const runs: RunSummary[] = [];
  let cursor: string | undefined;
  do {
    const page = await app.engine.runs.list({ limit: 500, ...(cursor ? { cursor } : {}) });
    runs.push(...page.runs.filter((run) => run.trigger.kind === 'schedule' && Date.parse(run.trigger.detail ?? '') >= since));
    cursor = page.runs.some((run) => Date.parse(run.startedAt) >= since) ? (page.next ?? undefined) : undefined;
  } while (cursor);
  return runs;
}

/**
 * 1,000 saved workflows each scheduled every second, otherwise idle: the CPU the server spends
 * per second (ticks claimed in SQLite, runs started, history written) against the same server
 * with nothing scheduled, and how late each tick's run starts after the tick's time.
 */
export const schedulesBench: BenchSuite = async () => {
  const window = windowMs(10_000);

  const idle = await server();
  await sleep(500);
  const idleCpu = await cpuPerSecond(window);
  await idle.stop();

  const busy = await server();
  for (let i = 0; i < WORKFLOWS; i++) await busy.engine.workflows.save(`tick-${String(i).padStart(4, '0')}`, everySecond);
  // Past the save burst and the first ticks, into the steady state.
  await sleep(4000);
  const since = Date.now();
  const scheduledCpu = await cpuPerSecond(window);
  const runs = await scheduledRuns(busy, since);
  await busy.stop();

  const ticks = Math.floor(window / 1000);
  const lateness = spread(runs.map((run) => Date.parse(run.startedAt) - Date.parse(run.trigger.detail ?? '')));
  return [
    {
      group: 'schedules',
      name: `CPU of a server with ${WORKFLOWS.toLocaleString('en')} workflows scheduled every second`,
      value: scheduledCpu,
      unit: 'ms CPU/s',
      baseline: idleCpu,
      baselineName: 'the same server with nothing scheduled',
      ratio: scheduledCpu / idleCpu,
    },
    {
      group: 'schedules',
      name: `ticks that ran, of ${(ticks * WORKFLOWS).toLocaleString('en')} due in ${ticks} s`,
      value: runs.length,
      unit: 'runs',
      target: `≥ ${((ticks - 1) * WORKFLOWS).toLocaleString('en')}`,
      met: runs.length >= (ticks - 1) * WORKFLOWS,
    },
    {
      group: 'schedules',
      name: 'tick lateness: a run starts after its tick time by',
      value: lateness.median,
      unit: 'ms',
      p99: lateness.p99,
      max: lateness.max,
      target: 'p99 < 50 ms',
      met: lateness.p99 < 50,
    },
  ];
};
