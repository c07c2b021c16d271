import { createEngine, defineMod, defineOp, type Engine, type RunRecord } from '@pattern/core';
import { tempDir } from '@pattern/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { storeMod } from '../src/index.ts';
import { storeOps } from '../src/ops/index.ts';
import { storeOf } from './helpers.ts';

/**
 * One node that executes a store op twice with its own context (same run, same node, same
 * idempotency key), as a durable run does when it runs again a node that was running when its
 * server died: the second execution may see other inputs, as a re-run upstream may hand it.
 */
const rerunMod = defineMod({
  name: 'rerun',
  version: '0.0.0',
  ops: [
    defineOp({
      name: 'rerun.twice',
      description: 'Executes a store op twice as the same node, and outputs both results.',
      inputs: {
        op: { schema: z.enum(['store.put', 'store.patch', 'store.delete']), description: 'The op to execute.' },
        first: { schema: z.record(z.string(), z.unknown()), description: 'Its inputs the first time.' },
        second: { schema: z.record(z.string(), z.unknown()), description: 'Its inputs the second time.' },
      },
      run: async (inputs, ctx) => {
        const op = storeOps.find((each) => each.name === inputs.op);
        if (!op) throw new Error(`no op ${inputs.op}`);
        ctx.output({ first: await op.run(inputs.first, ctx), second: await op.run(inputs.second, ctx) });
        return {};
      },
    }),
  ],
});

const engines: Engine[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.stop();
});

async function freshEngine(): Promise<Engine> {
  const engine = createEngine({ mods: [storeMod, rerunMod], dataDir: tempDir() });
  await engine.start();
  engines.push(engine);
  return engine;
}

async function twice(engine: Engine, durable: boolean, op: string, first: unknown, second: unknown) {
  const run: RunRecord = await engine.run({
    workflow: { name: 'Run a node again', durable, nodes: [{ id: 'save', op: 'rerun.twice', config: { op, first, second } }], edges: [] },
  });
  expect(run.status, run.error?.message).toBe('ok');
  return run.output as { first: Record<string, unknown>; second: Record<string, unknown> };
}

describe('store writes in a durable run', () => {
  it('store.put executed again as the same node writes once and answers the first result', async () => {
    const engine = await freshEngine();
    const { first, second } = await twice(
      engine,
      true,
      'store.put',
      { collection: 'orders', data: { total: 1 } },
      { collection: 'orders', data: { total: 2 } },
    );
    expect(first).toMatchObject({ ok: true, doc: { version: 1, data: { total: 1 } } });
    expect(second).toEqual(first);
    const docs = (await storeOf(engine).query({ collection: 'orders' })).docs;
    expect(docs).toEqual([(first as { doc: unknown }).doc]);
  });

  it('store.patch and store.delete executed again as the same node change nothing more', async () => {
    const engine = await freshEngine();
    const store = storeOf(engine);
    await store.put({ collection: 'c', id: 'p', data: { n: 0 } });
    const patched = await twice(
      engine,
      true,
      'store.patch',
      { collection: 'c', id: 'p', patch: { n: 1 }, version: 1 },
      { collection: 'c', id: 'p', patch: { n: 2 }, version: 2 },
    );
    expect(patched.second).toEqual(patched.first);
    expect(await store.get('c', 'p')).toMatchObject({ version: 2, data: { n: 1 } });

    const removed = await twice(engine, true, 'store.delete', { collection: 'c', id: 'p' }, { collection: 'c', id: 'p' });
    expect(removed).toEqual({ first: { deleted: true }, second: { deleted: true } });
  });

  it('a run that is not durable writes each time, keeping nothing under the key', async () => {
    const engine = await freshEngine();
    const { first, second } = await twice(
      engine,
      false,
      'store.put',
      { collection: 'c', id: 'x', data: { n: 1 } },
      { collection: 'c', id: 'x', data: { n: 2 } },
    );
    expect(first).toMatchObject({ ok: true, doc: { version: 1 } });
    expect(second).toMatchObject({ ok: true, doc: { version: 2, data: { n: 2 } } });
    expect(await storeOf(engine).driver.pruneResults(Number.MAX_SAFE_INTEGER)).toBe(0);
  });
});
