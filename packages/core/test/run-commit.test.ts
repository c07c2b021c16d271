import { describe, expect, it } from 'vitest';
import { createMemoryRunStore, type EngineEvent, type RunRecord, type RunStore } from '../src/index.ts';
import { startedEngine } from './helpers.ts';

/** History whose commits the test releases one by one, recording what was saved and when. */
function gatedStore() {
  const memory = createMemoryRunStore();
  const saved: Array<{ id: string; status: string }> = [];
  const gates: Array<() => void> = [];
  const runs: RunStore = {
    ...memory,
    save(run) {
      saved.push({ id: run.id, status: run.status });
      const stored = memory.save(run);
      return run.status === 'running' ? stored : new Promise<void>((resolve) => gates.push(resolve)).then(() => stored);
    },
  };
  return { runs, saved, gates };
}

const constant = { nodes: [{ id: 'v', op: 'value.const', config: { value: 1 } }], edges: [] };

describe('settled runs and history', () => {
  it('tells whoever waits on a run only once its settled record is committed, after the hooks ran once', async () => {
    const { runs, saved, gates } = gatedStore();
    const settled: RunRecord[] = [];
    const engine = await startedEngine({ runStore: runs }, settled);
    const events: EngineEvent['type'][] = [];
    let settledEvent: RunRecord | undefined;
    engine.subscribe((event) => {
      events.push(event.type);
      if (event.type === 'settled') settledEvent = event.run;
    });
    const run = engine.startRun({ workflow: constant });
    const runEvents: string[] = [];
    run.subscribe((event) => runEvents.push(event.type));
    let answered = false;
    void run.done.then(() => {
      answered = true;
    });
    while (gates.length === 0) await new Promise((resolve) => setImmediate(resolve));
    // The hook has seen the final record before it was saved; nobody has heard of the end yet.
    expect(settled.map((r) => [r.id, r.status])).toEqual([[run.id, 'ok']]);
    expect(saved.at(-1)).toEqual({ id: run.id, status: 'ok' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(answered).toBe(false);
    expect(events).toEqual(['started']);
    expect(runEvents).not.toContain('settled');

    gates.shift()?.();
    const record = await run.done;
    expect(record.status).toBe('ok');
    expect(events).toEqual(['started', 'settled']);
    // The whole record, node traces and graph included, as whoever waited on the run got it.
    expect(settledEvent).toBe(record);
    expect(Object.keys(settledEvent?.nodes ?? {})).not.toHaveLength(0);
    expect(runEvents.at(-1)).toBe('settled');
    expect(settled).toHaveLength(1);
    await engine.stop();
  });

  it('waits at shutdown for runs whose records are still being committed', async () => {
    const { runs, gates } = gatedStore();
    const engine = await startedEngine({ runStore: runs });
    const run = engine.startRun({ workflow: constant });
    while (gates.length === 0) await new Promise((resolve) => setImmediate(resolve));
    let stopped = false;
    const stopping = engine.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(stopped).toBe(false);
    gates.shift()?.();
    await stopping;
    expect((await run.done).status).toBe('ok');
  });
});

describe('start records', () => {
  /** History that notes how each record was saved. */
  function notingStore() {
    const memory = createMemoryRunStore();
    const saved: Array<{ status: string; provisional: boolean }> = [];
    const runs: RunStore = {
      ...memory,
      save(run, options) {
        saved.push({ status: run.status, provisional: options?.provisional === true });
        return memory.save(run);
      },
    };
    return { runs, saved };
  }
  const waiting = (durable: boolean) => ({ durable, nodes: [{ id: 'wait', op: 'flow.delay', config: { ms: 1, value: 1 } }], edges: [] });

  it('are provisional for a run that is not durable, and the settled record is not', async () => {
    const { runs, saved } = notingStore();
    const engine = await startedEngine({ runStore: runs });
    expect((await engine.run({ workflow: waiting(false) })).status).toBe('ok');
    expect(saved).toEqual([
      { status: 'running', provisional: true },
      { status: 'ok', provisional: false },
    ]);
    await engine.stop();
  });

  it('are never provisional for a durable run, which checkpoints from its first record on', async () => {
    const { runs, saved } = notingStore();
    const engine = await startedEngine({ runStore: runs });
    expect((await engine.run({ workflow: waiting(true) })).status).toBe('ok');
    expect(saved.length).toBeGreaterThan(1);
    expect(saved.filter((record) => record.provisional)).toEqual([]);
    await engine.stop();
  });

  it('leave nothing to save for a run that settles before it yields', async () => {
    const { runs, saved } = notingStore();
    const engine = await startedEngine({ runStore: runs });
    await engine.run({ workflow: constant });
    expect(saved).toEqual([{ status: 'ok', provisional: false }]);
    await engine.stop();
  });
});
