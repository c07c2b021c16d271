import { createEngine, defineMod, defineOp, type Engine, type RunRecord } from '@pattern/core';
import { freshSchema, tempDir } from '@pattern/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { storeMod } from '../src/index.ts';
import { storeOf } from './helpers.ts';

/** Holds a run in the middle until the test opens the gate, so another run can settle meanwhile. */
const gates: Array<{ runId: string; open: () => void }> = [];
const gateMod = defineMod({
  name: 'gate',
  version: '0.0.0',
  ops: [
    defineOp({
      name: 'gate.wait',
      description: 'Passes its value on once the test opens the gate.',
      inputs: { value: { schema: z.unknown(), description: 'What to pass on.' } },
      outputs: { value: { schema: z.unknown(), description: 'The same value, later.' } },
      run: (inputs, ctx) => new Promise((resolve) => gates.push({ runId: ctx.runId, open: () => resolve({ value: inputs.value }) })),
    }),
  ],
});

const edge = (from: string, fromPort: string, to: string, toPort: string) => ({
  from: { node: from, port: fromPort },
  to: { node: to, port: toPort },
});

/** Takes `job` as `owner`, waits at the gate, then writes fenced with the lease's token. */
function takeWaitWrite(owner: string) {
  return {
    nodes: [
      { id: 'take', op: 'store.lease.acquire', config: { key: 'job', owner, ttlMs: 60_000 } },
      { id: 'wait', op: 'gate.wait' },
      { id: 'token', op: 'object.get', config: { path: 'token' } },
      { id: 'fence', op: 'object.set', config: { object: { key: 'job' }, path: 'token' } },
      { id: 'write', op: 'store.put', config: { collection: 'jobs', id: 'j1', data: { by: owner } } },
      { id: 'out', op: 'flow.output', config: { key: 'written' } },
    ],
    edges: [
      edge('take', 'lease', 'wait', 'value'),
      edge('wait', 'value', 'token', 'object'),
      edge('token', 'value', 'fence', 'value'),
      edge('fence', 'object', 'write', 'fence'),
      edge('write', 'ok', 'out', 'value'),
    ],
  };
}

function output(run: RunRecord): Record<string, any> {
  expect(run.status, run.error?.message).toBe('ok');
  return run.output as Record<string, any>;
}

const until = async (done: () => boolean) => {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 5));
};

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`lease owners in runs on ${kind}`, () => {
    let engine: Engine;
    let dir: string;
    let schema: Awaited<ReturnType<typeof freshSchema>> | undefined;

    beforeEach(async () => {
      dir = tempDir();
      schema = kind === 'postgres' ? await freshSchema('store_owners') : undefined;
      engine = createEngine({ mods: [storeMod, gateMod], dataDir: dir, databaseUrl: schema?.url });
      await engine.start();
    });
    afterEach(async () => {
      for (const gate of gates.splice(0)) gate.open();
      await engine.stop();
      await schema?.drop();
    });

    it('releases a lease the run owns (no owner given) when the run settles', async () => {
      const run = await engine.invoke('store.lease.acquire', { key: 'job', ttlMs: 60_000 }).done;
      expect(output(run)).toMatchObject({ ok: true, lease: { owner: run.id, token: 1 } });
      expect(await storeOf(engine).leases.get('job')).toBeUndefined();
      const bob = output(await engine.invoke('store.lease.acquire', { key: 'job', owner: 'bob', ttlMs: 60_000 }).done);
      expect(bob).toMatchObject({ ok: true, lease: { owner: 'bob', token: 2 } });
    });

    it("keeps a lease taken under an explicit owner after the run settles: bob waits, alice's fenced write goes through", async () => {
      const alice = output(await engine.invoke('store.lease.acquire', { key: 'job', owner: 'alice', ttlMs: 60_000 }).done);
      expect(alice).toMatchObject({ ok: true, lease: { owner: 'alice', token: 1 } });
      const bob = output(await engine.invoke('store.lease.acquire', { key: 'job', owner: 'bob', ttlMs: 60_000 }).done);
      expect(bob).toMatchObject({ ok: false, holder: { owner: 'alice' } });
      const fence = { key: 'job', token: alice.lease.token };
      const write = await engine.invoke('store.put', { collection: 'jobs', id: 'j1', data: { by: 'alice' }, fence }).done;
      expect(output(write)).toMatchObject({ ok: true, doc: { data: { by: 'alice' } } });
      expect(output(await engine.invoke('store.lease.release', { key: 'job', owner: 'alice' }).done)).toEqual({ released: true });
      expect(output(await engine.invoke('store.lease.acquire', { key: 'job', owner: 'bob' }).done)).toMatchObject({ ok: true });
    });

    it('keeps a lease two runs share through one owner when the first of them settles', async () => {
      // The run that takes the lease first settles first.
      const first = engine.startRun({ workflow: takeWaitWrite('alice') });
      await until(() => gates.length === 1);
      const second = engine.startRun({ workflow: takeWaitWrite('alice') });
      await until(() => gates.length === 2);
      const [earlier, later] = gates.splice(0);
      expect([earlier?.runId, later?.runId]).toEqual([first.id, second.id]);
      earlier?.open();
      expect(output(await first.done)).toEqual({ written: true });
      const bob = output(await engine.invoke('store.lease.acquire', { key: 'job', owner: 'bob', ttlMs: 60_000 }).done);
      expect(bob).toMatchObject({ ok: false, holder: { owner: 'alice' } });
      later?.open();
      // Its token is still the current one: the fenced write of the run still working goes through.
      expect(output(await second.done)).toEqual({ written: true });
      expect(await storeOf(engine).get('jobs', 'j1')).toMatchObject({ version: 2, data: { by: 'alice' } });
      expect(await storeOf(engine).leases.get('job')).toMatchObject({ owner: 'alice', token: 1 });
    });
  });
}
