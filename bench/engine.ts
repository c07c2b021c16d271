import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, type Engine } from '@pattern/core';
import { openDatabase } from '../apps/server/src/persistence/database.ts';
import { createSqliteRunStore } from '../apps/server/src/persistence/runs/sqlite.ts';
import type { BenchRow, BenchSuite } from './harness.ts';
import { opsPerSecond } from './harness.ts';

function chain(size: number) {
  return {
    nodes: Array.from({ length: size }, (_, i) => ({ id: `n${i}`, op: 'value.const', ...(i === 0 ? { config: { value: 1 } } : {}) })),
    edges: Array.from({ length: size - 1 }, (_, i) => ({ from: { node: `n${i}`, port: 'value' }, to: { node: `n${i + 1}`, port: 'value' } })),
  };
}

/** Microseconds per run of a chain of `size` nodes. */
async function microsPerRun(engine: Engine, size: number): Promise<number> {
  const plan = engine.compile(chain(size));
  const perSecond = await opsPerSecond(() => engine.run({ plan }), 1500, 300);
  return 1e6 / perSecond;
}

export const engineBench: BenchSuite = async () => {
  const engine = createEngine();
  await engine.start();
  const single = await microsPerRun(engine, 1);
  const at10 = ((await microsPerRun(engine, 10)) - single) / 9;
  const at1000 = ((await microsPerRun(engine, 1000)) - single) / 999;
  await engine.stop();

  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'pattern-bench-')), 'pattern.db'));
  const persisted = createEngine({ runStore: createSqliteRunStore(db, { keep: 10_000, maxValueBytes: 256 * 1024 }) });
  await persisted.start();
  const threeNodes = persisted.compile({
    nodes: [
      { id: 'in', op: 'flow.input' },
      { id: 'greet', op: 'string.template', config: { template: 'Hello, {{ name }}!' } },
      { id: 'out', op: 'flow.output' },
    ],
    edges: [
      { from: { node: 'in', port: 'value' }, to: { node: 'greet', port: 'data' } },
      { from: { node: 'greet', port: 'text' }, to: { node: 'out', port: 'value' } },
    ],
  });
  const runsPerSecond = await opsPerSecond(() => persisted.run({ plan: threeNodes, input: { name: 'Ada' } }), 2000);
  await persisted.stop();
  db.close();

  const rows: BenchRow[] = [
    { group: 'engine', name: 'per-node overhead, 10-node chain', value: at10, unit: 'µs/node', target: '< 10 µs/node', met: at10 < 10 },
    {
      group: 'engine',
      name: 'per-node overhead, 1,000-node chain',
      value: at1000,
      unit: 'µs/node',
      baseline: at10,
      baselineName: 'the 10-node figure',
      ratio: at1000 / at10,
      target: '< 10 µs/node, and about the same as at 10 nodes',
      met: at1000 < 10 && at1000 / at10 < 2,
    },
    { group: 'engine', name: 'in-process runs of a 3-node workflow (SQLite history)', value: runsPerSecond, unit: 'runs/s' },
  ];
  return rows;
};
