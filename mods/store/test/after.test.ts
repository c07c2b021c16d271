import { createEngine, type Engine } from '@pattern/core';
import { tempDir } from '@pattern/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeMod } from '../src/index.ts';
import { storeOps } from '../src/ops/index.ts';
import { storeOf } from './helpers.ts';

const edge = (from: string, fromPort: string, to: string, toPort: string) => ({
  from: { node: from, port: fromPort },
  to: { node: to, port: toPort },
});

// "Put only once the lease is held" as one wire from the gate to the put's `after`.
const putWhileHeld = {
  nodes: [
    { id: 'lease', op: 'store.lease.acquire', config: { key: 'invoice:1', owner: 'me' } },
    { id: 'held', op: 'flow.branch' },
    { id: 'put', op: 'store.put', config: { collection: 'invoices', id: 'i-1', data: { paid: true } } },
  ],
  edges: [edge('lease', 'ok', 'held', 'condition'), edge('held', 'true', 'put', 'after')],
};

let engine: Engine;
beforeEach(async () => {
  engine = createEngine({ mods: [storeMod], dataDir: tempDir() });
  await engine.start();
});
afterEach(() => engine.stop());

describe('the after input of the store’s writing ops', () => {
  it('is on every op that changes something, and on none that only reads', () => {
    const withAfter = storeOps.filter((op) => op.inputs.some((port) => port.name === 'after')).map((op) => op.name);
    expect(withAfter.sort()).toEqual(
      [
        'store.blob.delete',
        'store.blob.put',
        'store.delete',
        'store.lease.acquire',
        'store.lease.release',
        'store.lease.renew',
        'store.patch',
        'store.put',
      ].sort(),
    );
    for (const op of storeOps) {
      const after = op.inputs.find((port) => port.name === 'after');
      if (after) expect(after).toMatchObject({ kind: 'control', optional: true });
    }
  });

  it('makes the write wait for the wired node', async () => {
    const run = await engine.run({ workflow: putWhileHeld });
    expect(run.status).toBe('ok');
    expect(run.nodes.put?.status).toBe('ok');
    expect(Date.parse(run.nodes.put?.startedAt as string)).toBeGreaterThanOrEqual(Date.parse(run.nodes.lease?.endedAt as string));
    expect((await storeOf(engine).documents.get('invoices', 'i-1'))?.data).toEqual({ paid: true });
  });

  it('skips the write when the wired node is skipped', async () => {
    await storeOf(engine).leases.acquire('invoice:1', 'someone else', 60_000);
    const run = await engine.run({ workflow: putWhileHeld });
    expect(run.status).toBe('ok');
    expect(run.nodes.lease?.outputs).toMatchObject({ ok: false });
    expect(run.nodes.put?.status).toBe('skipped');
    expect(await storeOf(engine).documents.get('invoices', 'i-1')).toBeUndefined();
  });
});
