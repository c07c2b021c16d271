import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createEngine,
  createMemoryRunStore,
  defineMod,
  defineOp,
  type Engine,
  type RunRecord,
  type RunStore,
  resumeRun,
  TRUNCATED,
  workflowHash,
} from '../src/index.ts';
import { nodeRecovery, recoveredPlan, resumesAfterCrash } from '../src/run/durable-recovery.ts';
import { recoveredRecord } from '../src/run/durable-run.ts';
import { edge } from './helpers.ts';

/** Counts executions per node; the node `gate` waits, in the engine told to, until its run ends. */
function stepsMod(executions: Map<string, number>, settled: RunRecord[], durable: boolean[], hold: { gate: boolean }) {
  const step = defineOp({
    name: 'test.step',
    description: 'Adds one, and counts its executions.',
    inputs: { value: { schema: z.number(), description: 'A number.' } },
    outputs: { value: { schema: z.number(), description: 'One more.' } },
    run: async (inputs, ctx) => {
      executions.set(ctx.idempotencyKey, (executions.get(ctx.idempotencyKey) ?? 0) + 1);
      durable.push(ctx.run.durable);
      if (ctx.nodeId === 'gate' && hold.gate) await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve));
      return { value: inputs.value + 1 };
    },
  });
  return defineMod({ name: 'steps', version: '1', ops: [step], hooks: { onRunSettle: (run) => void settled.push(run) } });
}

const chain = (durable: boolean) => ({
  id: 'five',
  durable,
  nodes: [
    { id: 'in', op: 'flow.input' },
    { id: 'a', op: 'test.step' },
    { id: 'b', op: 'test.step' },
    { id: 'gate', op: 'test.step' },
    { id: 'out', op: 'flow.output' },
  ],
  edges: [
    edge('in', 'value', 'a', 'value'),
    edge('a', 'value', 'b', 'value'),
    edge('b', 'value', 'gate', 'value'),
    edge('gate', 'value', 'out', 'value'),
  ],
});

/** History the crashed engine writes to until it "dies": from then on, nothing it saves lands. */
function dyingStore(shared: RunStore): RunStore & { die(): void } {
  let dead = false;
  return {
    ...shared,
    save: (run) => (dead ? Promise.resolve() : shared.save(run)),
    listRunning: async () => [],
    close: async () => {},
    die() {
      dead = true;
    },
  };
}

async function settledIn(store: RunStore, id: string): Promise<RunRecord | undefined> {
  for (;;) {
    const record = await store.get(id);
    if (record?.status !== 'running') return record;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

async function untilRunning(engine: Engine, node: string): Promise<string> {
  for (;;) {
    const run = engine.activeRuns()[0];
    if (run && run.toRecord().nodes[node]?.status === 'running') return run.id;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

describe('a durable run after a crash', () => {
  it('resumes under its own id, reusing the settled nodes and running again the one that was running; hooks run once', async () => {
    const shared = createMemoryRunStore();
    const executions = new Map<string, number>();
    const settledBefore: RunRecord[] = [];
    const settledAfter: RunRecord[] = [];
    const durable: boolean[] = [];
    const crashing = dyingStore(shared);
    const first = createEngine({ runStore: crashing, mods: [stepsMod(executions, settledBefore, durable, { gate: true })] });
    await first.start();
    const firstEvents: string[] = [];
    first.subscribe((event) => firstEvents.push(`${event.type} ${event.run.status}`));
    await first.workflows.save('five', chain(true));
    first.startRun({ workflowId: 'five', input: 1 });
    const id = await untilRunning(first, 'gate');
    await crashing.flush();
    await new Promise((resolve) => setImmediate(resolve));
    expect((await shared.get(id))?.nodes).toMatchObject({
      a: { status: 'ok', outputs: { value: 2 } },
      b: { status: 'ok' },
      gate: { status: 'running' },
    });
    crashing.die();

    const second = createEngine({ runStore: shared, mods: [stepsMod(executions, settledAfter, durable, { gate: false })] });
    await second.start();
    const record = await settledIn(shared, id);
    expect(record).toMatchObject({ id, status: 'ok', output: 4, durable: true, recoveries: 1 });
    expect(Object.fromEntries(executions)).toEqual({ [`${id}:a`]: 1, [`${id}:b`]: 1, [`${id}:gate`]: 2 });
    expect(settledAfter.map((r) => r.id)).toEqual([id]);
    expect(durable.every(Boolean)).toBe(true);
    expect((await shared.get(id))?.status).toBe('ok');
    // The crashed engine's stop suspends what it still ran: no hooks there, and nothing it saves lands.
    await first.stop();
    expect(settledBefore).toHaveLength(0);
    // Suspended, not settled: its subscribers hear of it settling only from the engine that takes it up.
    expect(firstEvents).toEqual(['started running']);
    expect((await shared.get(id))?.recoveries).toBe(1);
    await second.stop();
  });

  it('settles a run that is not durable as interrupted, as before', async () => {
    const shared = createMemoryRunStore();
    const executions = new Map<string, number>();
    const settled: RunRecord[] = [];
    const crashing = dyingStore(shared);
    const first = createEngine({ runStore: crashing, mods: [stepsMod(executions, [], [], { gate: true })] });
    await first.start();
    first.startRun({ workflow: chain(false), input: 1 });
    const id = await untilRunning(first, 'gate');
    crashing.die();
    const second = createEngine({ runStore: shared, mods: [stepsMod(executions, settled, [], { gate: false })] });
    await second.start();
    expect(second.activeRun(id)).toBeUndefined();
    expect((await shared.get(id))?.error?.code).toBe('interrupted');
    expect(settled.map((r) => r.id)).toEqual([id]);
    await first.stop();
    await second.stop();
  });

  it('settles a durable run whose graph no longer compiles as interrupted, hooks included', async () => {
    const shared = createMemoryRunStore();
    const record: RunRecord = {
      id: '01J00000000000000000000000',
      trigger: { kind: 'api' },
      status: 'running',
      input: 1,
      startedAt: new Date().toISOString(),
      durable: true,
      nodes: { x: { status: 'running' } },
      graph: { nodes: [{ id: 'x', op: 'gone.op' }], edges: [] },
    };
    await shared.save(record);
    const settled: RunRecord[] = [];
    const engine = createEngine({ runStore: shared, mods: [stepsMod(new Map(), settled, [], { gate: false })] });
    await engine.start();
    await engine.runs.flush();
    await new Promise((resolve) => setImmediate(resolve));
    expect((await shared.get(record.id))?.error?.code).toBe('interrupted');
    expect(settled.map((r) => r.id)).toEqual([record.id]);
    await engine.stop();
  });

  it('leaves a summary, not a running record, of a durable run under history "none"', async () => {
    const shared = createMemoryRunStore();
    const engine = createEngine({ runStore: shared, mods: [stepsMod(new Map(), [], [], { gate: false })] });
    await engine.start();
    const run = await engine.run({ workflow: { ...chain(true), history: 'none' }, input: 1 });
    expect(await shared.get(run.id)).toMatchObject({ status: 'ok', tracesDropped: 'none' });
    await engine.stop();
  });

  it('does not checkpoint a durable run whose nodes all complete at once', async () => {
    const shared = createMemoryRunStore();
    const saves: RunRecord[] = [];
    const counting: RunStore = {
      ...shared,
      save: (run) => {
        saves.push(run);
        return shared.save(run);
      },
    };
    const engine = createEngine({ runStore: counting });
    await engine.start();
    const graph = {
      durable: true,
      nodes: [
        { id: 'v', op: 'value.const', config: { value: 1 } },
        { id: 'out', op: 'flow.output' },
      ],
      edges: [edge('v', 'value', 'out', 'value')],
    };
    const run = await engine.run({ workflow: graph });
    expect(saves.map((r) => r.status)).toEqual(['running', 'ok']);
    expect(run.durable).toBe(true);
    await engine.stop();
  });
});

describe('which nodes a recovered run reuses', () => {
  it('reuses settled outputs, reruns running, pending and cut-short nodes', () => {
    expect(nodeRecovery({ status: 'ok', outputs: { value: 1 } }, false)).toEqual({ kind: 'outputs', outputs: { value: 1 } });
    expect(nodeRecovery({ status: 'ok' }, false)).toEqual({ kind: 'outputs', outputs: {} });
    expect(nodeRecovery({ status: 'running' }, false)).toEqual({ kind: 'run' });
    expect(nodeRecovery({ status: 'pending' }, false)).toEqual({ kind: 'run' });
    expect(nodeRecovery({ status: 'skipped' }, false)).toEqual({ kind: 'run' });
    expect(nodeRecovery(undefined, false)).toEqual({ kind: 'run' });
    expect(nodeRecovery({ status: 'ok', outputs: { value: { [TRUNCATED]: true, bytes: 9, preview: '' } } }, false)).toEqual({ kind: 'run' });
    expect(nodeRecovery({ status: 'ok', outputs: { token: 'Bearer [redacted]' } }, false)).toEqual({ kind: 'run' });
  });

  it('replays an error a node emitted on its wired error port, and reruns one that failed the run', () => {
    const error = { code: 'broken', message: 'no', details: null, nodeId: 'x' };
    expect(nodeRecovery({ status: 'error', error }, true)).toEqual({ kind: 'error', error: { code: 'broken', message: 'no', details: null } });
    expect(nodeRecovery({ status: 'error', error }, false)).toEqual({ kind: 'run' });
  });

  it('builds a plan whose reused nodes replay without retry policies', async () => {
    const engine = createEngine({ mods: [stepsMod(new Map(), [], [], { gate: false })] });
    const document = chain(true);
    document.nodes[2] = { ...document.nodes[2], retry: { attempts: 3 } } as (typeof document.nodes)[number];
    const plan = engine.compile(document);
    const record: RunRecord = {
      id: 'r',
      trigger: { kind: 'api' },
      status: 'running',
      input: 1,
      startedAt: new Date().toISOString(),
      durable: true,
      nodes: {
        in: { status: 'ok', outputs: { value: 1 } },
        a: { status: 'ok', outputs: { value: 2 } },
        b: { status: 'ok', outputs: { value: 3 } },
        gate: { status: 'running' },
      },
      graph: { nodes: document.nodes, edges: document.edges },
    };
    expect(resumesAfterCrash(record)).toBe(true);
    expect(resumesAfterCrash({ ...record, parentRunId: 'p' })).toBe(false);
    expect(resumesAfterCrash({ ...record, durable: undefined })).toBe(false);
    const recovered = recoveredPlan(plan, record);
    expect([...recovered.reused]).toEqual(['in', 'a', 'b']);
    expect(recovered.plan.workflow.nodes.find((n) => n.id === 'b')?.retry).toBeUndefined();
    expect(recovered.plan.nodes.find((n) => n.id === 'b')?.op.run({}, {} as never)).toEqual({ value: 3 });
    expect(recovered.plan.nodes.find((n) => n.id === 'gate')).toBe(plan.nodes.find((n) => n.id === 'gate'));
  });
});

describe('durable, as a workflow setting', () => {
  it('changes the workflow hash, so publishing the switch makes a version', () => {
    const plain = { nodes: [{ id: 'v', op: 'value.const', config: { value: 1 } }], edges: [] };
    expect(workflowHash({ ...plain, durable: true })).not.toBe(workflowHash(plain));
    expect(workflowHash({ ...plain, durable: false })).toBe(workflowHash(plain));
  });

  it('keeps the first start and the reused traces in the record of a recovered run', () => {
    const before: RunRecord = {
      id: 'r',
      trigger: { kind: 'api' },
      status: 'running',
      input: 1,
      startedAt: '2026-01-05T09:00:00.000Z',
      durable: true,
      recoveries: 1,
      nodes: { a: { status: 'ok', startedAt: '2026-01-05T09:00:00.001Z', outputs: { value: 2 } }, b: { status: 'running' } },
    };
    const now: RunRecord = {
      ...before,
      status: 'ok',
      startedAt: '2026-01-05T10:00:00.000Z',
      endedAt: '2026-01-05T10:00:01.000Z',
      durationMs: 1000,
      nodes: { a: { status: 'ok', startedAt: '2026-01-05T10:00:00.000Z' }, b: { status: 'ok' } },
    };
    expect(recoveredRecord(now, { record: before, reused: new Set(['a']) })).toMatchObject({
      startedAt: '2026-01-05T09:00:00.000Z',
      durationMs: 3_601_000,
      recoveries: 2,
      nodes: { a: before.nodes.a, b: { status: 'ok' } },
    });
  });
});

describe('resuming a failed durable run by hand', () => {
  it('gives a durable run again', async () => {
    const runStore = createMemoryRunStore();
    const engine = createEngine({ runStore });
    await engine.start();
    const failed = await engine.run({ workflow: { durable: true, nodes: [{ id: 'f', op: 'flow.fail', config: { message: 'no' } }], edges: [] } });
    expect(failed).toMatchObject({ status: 'error', durable: true });
    const resumed = await (await resumeRun(engine, failed.id)).done;
    expect(resumed.durable).toBe(true);
    await engine.stop();
  });
});
