import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { browserBench } from './browser.ts';
import { codeBench } from './code.ts';
import { dataBrowserBench } from './data-browser.ts';
import { durableBench } from './durable.ts';
import { engineBench } from './engine.ts';
import { eventStoreBench } from './event-store.ts';
import type { BenchRow, BenchSuite } from './harness.ts';
import { httpBench } from './http.ts';
import { httpFetchBench } from './http-fetch.ts';
import { loadBench } from './load.ts';
import { metricsBench } from './metrics.ts';
import { root } from './processes.ts';
import { realtimeBench } from './realtime.ts';
import { schedulesBench } from './schedules.ts';
import { stdlibBench } from './stdlib.ts';
import { storeBench } from './store.ts';
import { subworkflowsBench } from './subworkflows.ts';
import { typedRoutesBench } from './typed-routes.ts';
import { workflowTestsBench } from './workflow-tests.ts';

/**
 * `npm run bench [group…]`: every figure with its same-run baseline and its target, as a table and
 * as bench/results.json. `BENCH_QUICK=1` shortens every window for a quick look.
 */
const suites: Record<string, BenchSuite> = {
  engine: engineBench,
  http: httpBench,
  'http-fetch': httpFetchBench,
  store: storeBench,
  'event-store': eventStoreBench,
  browser: browserBench,
  'data-browser': dataBrowserBench,
  load: loadBench,
  metrics: metricsBench,
  stdlib: stdlibBench,
  subworkflows: subworkflowsBench,
  schedules: schedulesBench,
  code: codeBench,
  'workflow-tests': workflowTestsBench,
  realtime: realtimeBench,
  'typed-routes': typedRoutesBench,
  durable: durableBench,
};

/** The suites that open the web app in a browser, which the server serves from its build. */
const WEB_SUITES = ['browser', 'data-browser'];

const wanted = process.argv.slice(2);
if (wanted.length === 0 || wanted.some((name) => WEB_SUITES.includes(name))) {
  // Its output goes with the progress lines, not into the table on stdout.
  const built = spawnSync(process.execPath, ['scripts/web-build.mjs'], { cwd: root, stdio: ['ignore', 2, 2] });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
const rows: BenchRow[] = [];
for (const [name, suite] of Object.entries(suites)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  process.stderr.write(`running ${name}…\n`);
  try {
    rows.push(...(await suite()));
  } catch (error) {
    rows.push({ group: name, name: `failed: ${(error as Error).message}`, value: Number.NaN, unit: '', met: false });
  }
}

const format = (n: number | undefined) =>
  n === undefined || Number.isNaN(n) ? '' : Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en') : n.toPrecision(3);
const table = rows.map((r) => ({
  group: r.group,
  figure: r.name,
  value: `${format(r.value)} ${r.unit}`,
  p99: r.p99 === undefined ? '' : format(r.p99),
  max: r.max === undefined ? '' : format(r.max),
  baseline: r.baseline === undefined ? '' : `${format(r.baseline)} (${r.baselineName})`,
  ratio: r.ratio === undefined ? '' : `${(r.ratio * 100).toFixed(0)}%`,
  target: r.target ?? '',
  met: r.met === undefined ? '' : r.met ? 'yes' : 'MISSED',
}));
console.table(table);
const missed = rows.filter((r) => r.met === false);
if (missed.length > 0)
  process.stderr.write(
    `${missed.length} of ${rows.filter((r) => r.met !== undefined).length} targets missed:\n${missed.map((r) => `  ${r.group}: ${r.name} (${r.target ?? 'failed'})`).join('\n')}\n`,
  );
mkdirSync(new URL('.', import.meta.url), { recursive: true });
writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify({ at: new Date().toISOString(), rows }, null, 2)}\n`);
