import { createEngine, createMemoryRunStore, defineMod, defineOp, type Engine, type EngineEvent, PatternError } from '@pattern/core';
import { tempDir } from '@pattern/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { storeMod } from '../src/index.ts';
import { storeOf } from './helpers.ts';

type Ending = 'ok' | 'error' | 'cancel' | 'timeout' | 'hang';

interface HistoryEvent {
  type: 'enter' | 'exit';
  runId: string;
  token: number;
}

/** What the critical sections did, and whether two were ever inside at once; recorded synchronously, so exact. */
function recorder() {
  const history: HistoryEvent[] = [];
  let inside: string | null = null;
  const violations: string[] = [];
  return {
    history,
    violations,
    enter(runId: string, token: number) {
      if (inside !== null) violations.push(`${runId} entered while ${inside} held the lease`);
      inside = runId;
      history.push({ type: 'enter', runId, token });
    },
    exit(runId: string, token: number) {
      if (inside === runId) inside = null;
      history.push({ type: 'exit', runId, token });
    },
  };
}

let record = recorder();
let engine: Engine;
const entered: Array<() => void> = [];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const raceMod = defineMod({
  name: 'race',
  version: '0.0.0',
  ops: [
    defineOp({
      name: 'race.hold',
      description: "Holds the lease for a moment, then ends the way the run's input says.",
      inputs: { lease: { schema: z.object({ token: z.number() }), description: 'The lease won.' } },
      outputs: { done: { description: 'Emitted when the critical section ends normally.' } },
      run: async (inputs, ctx) => {
        const ending = (ctx.run.input as { ending: Ending }).ending;
        record.enter(ctx.runId, inputs.lease.token);
        for (const notify of entered.splice(0)) notify();
        if (ending === 'timeout' || ending === 'hang') {
          // Held until the run is stopped: the exit is recorded as the run settles, before its leases go.
          return new Promise((_, reject) =>
            ctx.signal.addEventListener('abort', () => {
              record.exit(ctx.runId, inputs.lease.token);
              reject(ctx.signal.reason);
            }),
          );
        }
        await sleep(2);
        record.exit(ctx.runId, inputs.lease.token);
        if (ending === 'error') throw new PatternError('boom', 'The critical section failed');
        if (ending === 'cancel') engine.activeRun(ctx.runId)?.cancel('the test cancels it');
        return { done: true };
      },
    }),
    defineOp({
      name: 'race.backoff',
      description: 'Waits a little after a lost attempt, then hands the key to the next attempt.',
      inputs: { holder: { description: 'Who holds the lease.' }, key: { schema: z.string(), description: 'The key to try again.' } },
      outputs: { key: { schema: z.string(), description: 'The key, after the wait.' } },
      run: async (inputs) => {
        await sleep(2 + Math.random() * 4);
        return { key: inputs.key };
      },
    }),
  ],
});

const ATTEMPTS = 100;

/** Try to take the lease; on a loss, back off and try again (unrolled: workflows have no cycles). No explicit release. */
function raceWorkflow() {
  const nodes: Array<Record<string, unknown>> = [];
  const edges: Array<Record<string, unknown>> = [];
  const edge = (from: string, fromPort: string, to: string, toPort: string) =>
    edges.push({ from: { node: from, port: fromPort }, to: { node: to, port: toPort } });
  for (let i = 0; i < ATTEMPTS; i++) {
    nodes.push(
      { id: `acquire${i}`, op: 'store.lease.acquire', config: { ttlMs: 60_000, ...(i === 0 ? { key: 'shared' } : {}) } },
      { id: `hold${i}`, op: 'race.hold' },
    );
    edge(`acquire${i}`, 'lease', `hold${i}`, 'lease');
    if (i < ATTEMPTS - 1) {
      nodes.push({ id: `backoff${i}`, op: 'race.backoff', config: { key: 'shared' } });
      edge(`acquire${i}`, 'holder', `backoff${i}`, 'holder');
      edge(`backoff${i}`, 'key', `acquire${i + 1}`, 'key');
    }
  }
  return { name: 'Race for one lease', nodes, edges };
}

let dir: string;

function start(options: { runStore?: ReturnType<typeof createMemoryRunStore> } = {}) {
  engine = createEngine({ mods: [storeMod, raceMod], dataDir: dir, ...options });
  return engine.start();
}

/** After each settle, the run owns no lease any more. */
function watchSettles(engine: Engine) {
  const leftovers: Array<Promise<string[]>> = [];
  const stop = engine.subscribe((event: EngineEvent) => {
    if (event.type !== 'settled') return;
    const runId = event.run.id;
    leftovers.push(
      storeOf(engine)
        .leases.list()
        .then((leases) => leases.filter((lease) => lease.owner === runId).map((lease) => `${runId} still holds ${lease.key}`)),
    );
  });
  return { leftovers: async () => (await Promise.all(leftovers)).flat(), stop };
}

beforeEach(() => {
  dir = tempDir();
  record = recorder();
});
afterEach(async () => {
  await engine.stop();
});

describe('20 concurrent runs racing for one lease', () => {
  for (const ending of ['ok', 'error', 'cancel'] as const) {
    it(`hand it on, one holder at a time, each releasing it as it settles (${ending})`, async () => {
      await start();
      const watch = watchSettles(engine);
      const workflow = raceWorkflow();
      const runs = await Promise.all(Array.from({ length: 20 }, () => engine.run({ workflow, input: { ending } })));
      expect(runs.map((run) => run.status)).toEqual(Array(20).fill(ending === 'ok' ? 'ok' : ending === 'error' ? 'error' : 'cancelled'));
      expect(record.violations).toEqual([]);
      const enters = record.history.filter((e) => e.type === 'enter');
      // Nobody released explicitly: every hand-over came from a settle.
      expect(new Set(enters.map((e) => e.runId)).size).toBe(20);
      expect(enters.map((e) => e.token)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(await watch.leftovers()).toEqual([]);
      expect(await storeOf(engine).leases.list()).toEqual([]);
    });
  }

  it('release the lease of a run that times out', async () => {
    await start();
    const watch = watchSettles(engine);
    const workflow = raceWorkflow();
    const runs = await Promise.all(Array.from({ length: 20 }, () => engine.run({ workflow, input: { ending: 'timeout' }, timeoutMs: 150 })));
    expect(runs.every((run) => run.status === 'error' && run.error?.code === 'timeout')).toBe(true);
    expect(record.violations).toEqual([]);
    expect(record.history.filter((e) => e.type === 'enter').length).toBeGreaterThanOrEqual(1);
    expect(await watch.leftovers()).toEqual([]);
    expect(await storeOf(engine).leases.list()).toEqual([]);
  });

  it('release the lease of a run cancelled by a shutdown, seen after a restart', async () => {
    await start();
    // The check runs its query as each run settles, while the store is still open.
    const watch = watchSettles(engine);
    const workflow = raceWorkflow();
    const holding = new Promise<void>((resolve) => entered.push(resolve));
    const runs = Array.from({ length: 20 }, () => engine.run({ workflow, input: { ending: 'hang' } }));
    await holding;
    expect(await storeOf(engine).leases.list()).toHaveLength(1);
    await engine.stop();
    expect((await Promise.all(runs)).every((run) => run.status === 'cancelled')).toBe(true);
    expect(record.violations).toEqual([]);
    expect(await watch.leftovers()).toEqual([]);
    await start();
    expect(await storeOf(engine).leases.list()).toEqual([]);
  });

  it('release the lease of a run interrupted by a crash, when the next start recovers it', async () => {
    const history = createMemoryRunStore();
    const runStore = { ...history, close: async () => {} };
    await start({ runStore });
    const crashed = engine;
    const holding = new Promise<void>((resolve) => entered.push(resolve));
    void crashed.run({ workflow: raceWorkflow(), input: { ending: 'hang' } });
    await holding;
    const [lease] = await storeOf(crashed).leases.list();
    expect(lease).toBeDefined();
    // A second engine on the same data and history, while the first never stopped: what a restart after a crash finds.
    await start({ runStore });
    const recovered = await engine.runs.get(lease!.owner);
    expect(recovered).toMatchObject({ status: 'error', error: { code: 'interrupted' } });
    expect(await storeOf(engine).leases.list()).toEqual([]);
    const acquired = await storeOf(engine).leases.acquire('shared', 'next');
    expect(acquired).toMatchObject({ ok: true, lease: { token: 2 } });
    await crashed.stop();
  });
});
