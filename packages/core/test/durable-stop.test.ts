import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createEngine, createMemoryRunStore, createMemoryWorkflowStore, defineMod, defineOp, type RunRecord, type RunStore } from '../src/index.ts';
import { edge } from './helpers.ts';

/** `test.step` adds one, counting executions by idempotency key; on the node `gate` it holds until its run ends, or fails when told. */
function stepsMod(executions: Map<string, number>, settled: RunRecord[], gate: { hold: boolean; fail?: boolean }) {
  const step = defineOp({
    name: 'test.step',
    description: 'Adds one, and counts its executions.',
    inputs: { value: { schema: z.number(), description: 'A number.' } },
    outputs: { value: { schema: z.number(), description: 'One more.' } },
    run: async (inputs, ctx) => {
      executions.set(ctx.idempotencyKey, (executions.get(ctx.idempotencyKey) ?? 0) + 1);
      if (ctx.nodeId === 'gate' && gate.hold) await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve));
      if (ctx.nodeId === 'gate' && gate.fail) throw new Error('the gate is shut');
      return { value: inputs.value + 1 };
    },
  });
  return defineMod({ name: 'steps', version: '1', ops: [step], hooks: { onRunSettle: (run) => void settled.push(run) } });
}

const chain = (durable: boolean) => ({
  id: 'chain',
  durable,
  nodes: [
    { id: 'in', op: 'flow.input' },
    { id: 'a', op: 'test.step' },
    { id: 'gate', op: 'test.step' },
    { id: 'out', op: 'flow.output' },
  ],
  edges: [edge('in', 'value', 'a', 'value'), edge('a', 'value', 'gate', 'value'), edge('gate', 'value', 'out', 'value')],
});

const note = {
  id: 'note',
  nodes: [
    { id: 'in', op: 'flow.input' },
    { id: 'out', op: 'flow.output' },
  ],
  edges: [edge('in', 'value', 'out', 'value')],
};

async function untilGate(store: RunStore, id: string, status: string): Promise<RunRecord> {
  for (;;) {
    const record = await store.get(id);
    if (record?.nodes.gate?.status === status) return record;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

async function settledIn(store: RunStore, id: string): Promise<RunRecord> {
  for (;;) {
    const record = await store.get(id);
    if (record && record.status !== 'running') return record;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

describe('a durable run at a graceful stop', () => {
  it('is left running with its settled nodes, no hooks run, and the next start takes it up', async () => {
    const shared = createMemoryRunStore();
    const executions = new Map<string, number>();
    const settledFirst: RunRecord[] = [];
    const first = createEngine({ runStore: { ...shared, close: async () => {} }, mods: [stepsMod(executions, settledFirst, { hold: true })] });
    await first.start();
    const durable = first.startRun({ workflow: chain(true), input: 1 });
    const plain = first.startRun({ workflow: chain(false), input: 1 });
    await untilGate(shared, durable.id, 'running');
    await first.stop();
    expect(await shared.get(durable.id)).toMatchObject({
      status: 'running',
      nodes: { in: { status: 'ok' }, a: { status: 'ok', outputs: { value: 2 } }, gate: { status: 'running' } },
    });
    // A run that is not durable is cancelled, as before, and its hooks run.
    expect(await shared.get(plain.id)).toMatchObject({ status: 'cancelled', error: { code: 'shutdown' } });
    expect(settledFirst.map((r) => r.id)).toEqual([plain.id]);

    const settledSecond: RunRecord[] = [];
    const second = createEngine({ runStore: shared, mods: [stepsMod(executions, settledSecond, { hold: false })] });
    await second.start();
    expect(await settledIn(shared, durable.id)).toMatchObject({ status: 'ok', output: 3, recoveries: 1 });
    expect(executions.get(`${durable.id}:a`)).toBe(1);
    expect(executions.get(`${durable.id}:gate`)).toBe(2);
    expect(settledSecond.map((r) => r.id)).toEqual([durable.id]);
    await second.stop();
  });

  it('leaves a durable run’s child running too, for the parent’s node to take up', async () => {
    const shared = createMemoryRunStore();
    const workflowStore = createMemoryWorkflowStore();
    const executions = new Map<string, number>();
    const settled: RunRecord[] = [];
    const first = createEngine({
      runStore: { ...shared, close: async () => {} },
      workflowStore,
      mods: [stepsMod(executions, settled, { hold: true })],
    });
    await first.start();
    await first.workflows.save('chain', chain(false));
    const parent = {
      durable: true,
      nodes: [
        { id: 'in', op: 'flow.input' },
        { id: 'call', op: 'workflow.call', config: { workflow: 'chain' } },
        { id: 'out', op: 'flow.output' },
      ],
      edges: [edge('in', 'value', 'call', 'input'), edge('call', 'output', 'out', 'value')],
    };
    const run = first.startRun({ workflow: parent, input: 1 });
    let childId = '';
    for (;;) {
      const left = (await shared.list({ parentRunId: run.id })).runs[0];
      if (left && (await shared.get(left.id))?.nodes.gate?.status === 'running') {
        childId = left.id;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await first.stop();
    expect((await shared.get(run.id))?.status).toBe('running');
    expect((await shared.get(childId))?.status).toBe('running');
    expect(settled).toEqual([]);

    const second = createEngine({ runStore: shared, workflowStore, mods: [stepsMod(executions, settled, { hold: false })] });
    await second.start();
    expect(await settledIn(shared, run.id)).toMatchObject({ status: 'ok', output: 3 });
    expect(await shared.get(childId)).toMatchObject({ status: 'ok', recoveries: 1 });
    expect(executions.get(`${childId}:a`)).toBe(1);
    expect(settled.map((r) => r.id).sort()).toEqual([childId, run.id].sort());
    await second.stop();
  });
});

describe('a durable run taken up again', () => {
  it('runs with the error workflow and history it recorded, not those of the draft saved since', async () => {
    const shared = createMemoryRunStore();
    const workflowStore = createMemoryWorkflowStore();
    const first = createEngine({ runStore: { ...shared, close: async () => {} }, workflowStore, mods: [stepsMod(new Map(), [], { hold: true })] });
    await first.start();
    await first.workflows.save('note', note);
    await first.workflows.save('chain', { ...chain(true), onError: 'note', history: 'errors' });
    const run = first.startRun({ workflowId: 'chain', input: 1 });
    expect((await untilGate(shared, run.id, 'running')).settings).toEqual({ onError: 'note', history: 'errors' });
    await first.stop();
    // Saved since: no error workflow, every run kept whole.
    await workflowStore.put('chain', chain(true));

    const second = createEngine({ runStore: shared, workflowStore, mods: [stepsMod(new Map(), [], { hold: false, fail: true })] });
    await second.start();
    expect(await settledIn(shared, run.id)).toMatchObject({ status: 'error', recoveries: 1 });
    let alert: RunRecord | undefined;
    for (; !alert; await new Promise((resolve) => setTimeout(resolve, 1))) {
      alert = (await shared.list({ workflowId: 'note' })).runs[0] as RunRecord | undefined;
    }
    expect(alert).toMatchObject({ trigger: { kind: 'error', detail: run.id } });
    await second.stop();
  });

  it('keeps a successful run as its recorded history setting says', async () => {
    const shared = createMemoryRunStore();
    const workflowStore = createMemoryWorkflowStore();
    const first = createEngine({ runStore: { ...shared, close: async () => {} }, workflowStore, mods: [stepsMod(new Map(), [], { hold: true })] });
    await first.start();
    await first.workflows.save('chain', { ...chain(true), history: 'errors' });
    const run = first.startRun({ workflowId: 'chain', input: 1 });
    await untilGate(shared, run.id, 'running');
    await first.stop();
    await workflowStore.put('chain', chain(true));

    const second = createEngine({ runStore: shared, workflowStore, mods: [stepsMod(new Map(), [], { hold: false })] });
    await second.start();
    expect(await settledIn(shared, run.id)).toMatchObject({ status: 'ok', tracesDropped: 'errors' });
    await second.stop();
  });
});
