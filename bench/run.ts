import { mkdirSync, writeFileSync } from 'node:fs';
import { browserBench } from './browser.ts';
import { dataBrowserBench } from './data-browser.ts';
import { engineBench } from './engine.ts';
import { eventStoreBench } from './event-store.ts';
import type { BenchRow, BenchSuite } from './harness.ts';
import { httpBench } from './http.ts';
import { loadBench } from './load.ts';
import { storeBench } from './store.ts';

/** `npm run bench [group…]`: every figure with its same-run baseline, as a table and as bench/results.json. */
const suites: Record<string, BenchSuite> = {
  engine: engineBench,
  http: httpBench,
  store: storeBench,
  'event-store': eventStoreBench,
  browser: browserBench,
  'data-browser': dataBrowserBench,
  load: loadBench,
};

const wanted = process.argv.slice(2);
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
  baseline: r.baseline === undefined ? '' : `${format(r.baseline)} (${r.baselineName})`,
  ratio: r.ratio === undefined ? '' : `${(r.ratio * 100).toFixed(0)}%`,
  target: r.target ?? '',
  met: r.met === undefined ? '' : r.met ? 'yes' : 'NO',
}));
console.table(table);
mkdirSync(new URL('.', import.meta.url), { recursive: true });
writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify({ at: new Date().toISOString(), rows }, null, 2)}\n`);
