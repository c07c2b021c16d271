import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, type Engine, type Plan } from '@pattern/core';
import { openDatabase } from '../apps/server/src/persistence/database.ts';
import { createSqliteRunStore } from '../apps/server/src/persistence/runs/sqlite.ts';
import type { BenchRow, BenchSuite } from './harness.ts';
import { opsPerSecond, windowMs } from './harness.ts';

const edge = (from: string, fromPort: string, to: string, toPort: string) => ({
  from: { node: from, port: fromPort },
  to: { node: to, port: toPort },
});

/** `in → <op> → out`: the op gets the run's input on `port` and the run outputs what it emits on `out`. */
function around(op: string, config: Record<string, unknown>, port: string, out: string) {
  return {
    nodes: [
      { id: 'in', op: 'flow.input' },
      { id: 'step', op, config },
      { id: 'out', op: 'flow.output' },
    ],
    edges: [edge('in', 'value', 'step', port), edge('step', out, 'out', 'value')],
  };
}

const ITEMS = 1000;

/** Microseconds per run of a plan with an input. */
async function microsPerRun(engine: Engine, plan: Plan, input: unknown, ms: number): Promise<number> {
  return 1e6 / (await opsPerSecond(() => engine.run({ plan, input }), ms, 200));
}

/** Per item of a `flow.map` over a trivial sub-workflow, and what a `workflow.call` adds over the same work in a node of its own. */
async function measure(engine: Engine): Promise<{ perItem: number; perCall: number; inline: number }> {
  await engine.workflows.save('item', around('object.get', { path: 'index' }, 'object', 'value'));
  await engine.workflows.save('add', around('math.add', { b: 1 }, 'a', 'result'));
  const map = engine.compile(around('flow.map', { workflow: 'item', concurrency: 8 }, 'items', 'results'));
  const items = new Array(ITEMS).fill(0);
  const full = await microsPerRun(engine, map, items, windowMs(3000));
  const empty = await microsPerRun(engine, map, [], windowMs(1000));
  const inline = await microsPerRun(engine, engine.compile(around('math.add', { b: 1 }, 'a', 'result')), 1, windowMs(1500));
  const called = await microsPerRun(engine, engine.compile(around('workflow.call', { workflow: 'add' }, 'input', 'output')), 1, windowMs(1500));
  return { perItem: (full - empty) / ITEMS, perCall: called - inline, inline };
}

export const subworkflowsBench: BenchSuite = async () => {
  const memory = createEngine();
  await memory.start();
  const inMemory = await measure(memory);
  await memory.stop();

  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'pattern-bench-')), 'pattern.db'));
  const persisted = createEngine({ runStore: createSqliteRunStore(db, { keep: 10_000, maxValueBytes: 256 * 1024 }) });
  await persisted.start();
  const withHistory = await measure(persisted);
  await persisted.stop();
  db.close();

  return [
    {
      group: 'subworkflows',
      name: `flow.map over ${ITEMS.toLocaleString('en')} items of a 3-node sub-workflow, per item (no history)`,
      value: inMemory.perItem,
      unit: 'µs/item',
      target: '< 30 µs/item',
      met: inMemory.perItem < 30,
    },
    {
      group: 'subworkflows',
      name: 'workflow.call, added over the same work inline (no history)',
      value: inMemory.perCall,
      unit: 'µs/call',
      baseline: inMemory.inline,
      baselineName: 'the inline run',
      ratio: (inMemory.inline + inMemory.perCall) / inMemory.inline,
      target: '< 20 µs/call',
      met: inMemory.perCall < 20,
    },
    {
      group: 'subworkflows',
      name: 'flow.map per item, every item run committed to SQLite history',
      value: withHistory.perItem,
      unit: 'µs/item',
      baseline: inMemory.perItem,
      baselineName: 'no history',
      ratio: withHistory.perItem / inMemory.perItem,
    },
    {
      group: 'subworkflows',
      name: 'workflow.call added, the child committed to SQLite history',
      value: withHistory.perCall,
      unit: 'µs/call',
      baseline: inMemory.perCall,
      baselineName: 'no history',
      ratio: withHistory.perCall / inMemory.perCall,
    },
  ] satisfies BenchRow[];
};
