import { createEngine, type Engine } from '@pattern/core';
import { tempDir } from '@pattern/testing';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { storeMod } from '../src/index.ts';
import { storeOf } from './helpers.ts';

const ATTEMPTS = 50;

/**
 * An increment as a workflow: read the counter, add one, put it back at the version read. A lost
 * race emits `current`, from which the next attempt starts; a win emits `doc` and skips the rest.
 * Workflows have no cycles, so the retry loop is unrolled: attempt i+1 hangs off attempt i's `current`.
 */
function incrementWorkflow() {
  const nodes: Array<Record<string, unknown>> = [{ id: 'read', op: 'store.get', config: { collection: 'counters', id: 'hits' } }];
  const edges: Array<Record<string, unknown>> = [];
  const edge = (from: string, fromPort: string, to: string, toPort: string) =>
    edges.push({ from: { node: from, port: fromPort }, to: { node: to, port: toPort } });
  for (let i = 0; i < ATTEMPTS; i++) {
    const [source, port] = i === 0 ? ['read', 'doc'] : [`put${i - 1}`, 'current'];
    nodes.push(
      { id: `n${i}`, op: 'object.get', config: { path: 'data.n' } },
      { id: `v${i}`, op: 'object.get', config: { path: 'version' } },
      { id: `add${i}`, op: 'math.add', config: { b: 1 } },
      { id: `data${i}`, op: 'object.set', config: { path: 'n' } },
      { id: `put${i}`, op: 'store.put', config: { collection: 'counters', id: 'hits' } },
      { id: `out${i}`, op: 'flow.output', config: { key: 'written' } },
    );
    edge(source, port, `n${i}`, 'object');
    edge(source, port, `v${i}`, 'object');
    edge(`n${i}`, 'value', `add${i}`, 'a');
    edge(`add${i}`, 'result', `data${i}`, 'value');
    edge(`data${i}`, 'object', `put${i}`, 'data');
    edge(`v${i}`, 'value', `put${i}`, 'version');
    edge(`put${i}`, 'doc', `out${i}`, 'value');
  }
  return { id: 'counter.increment', name: 'Increment a counter', nodes, edges };
}

let dir: string;
let engine: Engine;

beforeEach(async () => {
  dir = tempDir();
  engine = createEngine({ mods: [storeMod], dataDir: dir });
  await engine.start();
});
afterEach(async () => {
  await engine.stop();
});

it('50 concurrent runs of a CAS retry workflow end with the counter at 50', async () => {
  const store = storeOf(engine);
  await store.put({ collection: 'counters', id: 'hits', data: { n: 0 } });
  const workflow = incrementWorkflow();
  expect(engine.validate(workflow)).toEqual([]);
  const runs = await Promise.all(Array.from({ length: 50 }, () => engine.run({ workflow })));
  for (const run of runs) expect(run.status).toBe('ok');
  // Each run wrote exactly one increment, and no two runs wrote the same value.
  const written = runs.map((run) => (run.output as { written: { data: { n: number } } }).written.data.n).sort((a, b) => a - b);
  expect(written).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  const counter = await store.get('counters', 'hits');
  expect(counter?.data.n).toBe(50);
  expect(counter?.version).toBe(51);
  const lost = runs.reduce(
    (sum, run) => sum + Object.entries(run.nodes).filter(([id, node]) => id.startsWith('put') && node.outputs?.ok === false).length,
    0,
  );
  // Concurrent runs interleave their reads and writes, so some attempts lose and are retried.
  expect(lost).toBeGreaterThan(0);
});
