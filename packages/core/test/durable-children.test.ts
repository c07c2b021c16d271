import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createEngine, createMemoryRunStore, createMemoryWorkflowStore, defineMod, defineOp, type RunRecord, type RunStore } from '../src/index.ts';
import { edge } from './helpers.ts';

/**
 * `test.effect` counts its executions by idempotency key and hands on `value + 1`; it holds until
 * its run ends on a value in `hold.values`. `test.item` does the same with a map item's `item`.
 */
function effectsMod(executions: Map<string, number>, settled: RunRecord[], hold: { values: Set<number> }) {
  const effect = async (value: number, ctx: { idempotencyKey: string; signal: AbortSignal }) => {
    executions.set(ctx.idempotencyKey, (executions.get(ctx.idempotencyKey) ?? 0) + 1);
    if (hold.values.has(value)) await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve));
    return value + 1;
  };
  const step = defineOp({
    name: 'test.effect',
    description: 'Adds one, counting its executions.',
    inputs: { value: { schema: z.number(), description: 'A number.' } },
    outputs: { value: { schema: z.number(), description: 'One more.' } },
    run: async (inputs, ctx) => ({ value: await effect(inputs.value, ctx) }),
  });
  const item = defineOp({
    name: 'test.item',
    description: 'Adds one to a map item, counting its executions.',
    inputs: { value: { schema: z.object({ item: z.number() }).passthrough(), description: 'The item run input.' } },
    outputs: { value: { schema: z.number(), description: 'One more.' } },
    run: async (inputs, ctx) => ({ value: await effect(inputs.value.item, ctx) }),
  });
  return defineMod({ name: 'effects', version: '1', ops: [step, item], hooks: { onRunSettle: (run) => void settled.push(run) } });
}

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

async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 1));
}

async function settledIn(store: RunStore, id: string): Promise<RunRecord> {
  let record: RunRecord | undefined;
  await until(async () => {
    record = await store.get(id);
    return record !== undefined && record.status !== 'running';
  });
  return record as RunRecord;
}

const child = {
  id: 'child',
  nodes: [
    { id: 'in', op: 'flow.input' },
    { id: 'a', op: 'test.effect' },
    { id: 'gate', op: 'test.effect' },
    { id: 'out', op: 'flow.output' },
  ],
  edges: [edge('in', 'value', 'a', 'value'), edge('a', 'value', 'gate', 'value'), edge('gate', 'value', 'out', 'value')],
};

const caller = {
  id: 'caller',
  durable: true,
  nodes: [
    { id: 'in', op: 'flow.input' },
    { id: 'call', op: 'workflow.call', config: { workflow: 'child' } },
    { id: 'out', op: 'flow.output' },
  ],
  edges: [edge('in', 'value', 'call', 'input'), edge('call', 'output', 'out', 'value')],
};

const item = {
  id: 'item',
  nodes: [
    { id: 'in', op: 'flow.input' },
    { id: 'put', op: 'test.item' },
    { id: 'out', op: 'flow.output' },
  ],
  edges: [edge('in', 'value', 'put', 'value'), edge('put', 'value', 'out', 'value')],
};

const mapper = {
  id: 'mapper',
  durable: true,
  nodes: [
    { id: 'in', op: 'flow.input' },
    { id: 'map', op: 'flow.map', config: { workflow: 'item', concurrency: 5 } },
    { id: 'out', op: 'flow.output' },
  ],
  edges: [edge('in', 'value', 'map', 'items'), edge('map', 'results', 'out', 'value')],
};

describe('child runs of a durable run after a crash', () => {
  it('takes up a child left running under its own id, reusing its settled nodes; hooks run once each', async () => {
    const shared = createMemoryRunStore();
    const workflowStore = createMemoryWorkflowStore();
    const executions = new Map<string, number>();
    const settled: RunRecord[] = [];
    const crashing = dyingStore(shared);
    // The child's gate gets 2 (1 + 1): it holds there.
    const first = createEngine({ runStore: crashing, workflowStore, mods: [effectsMod(executions, [], { values: new Set([2]) })] });
    await first.start();
    await first.workflows.save('child', child);
    await first.workflows.save('caller', caller);
    const parentId = first.startRun({ workflowId: 'caller', input: 1 }).id;
    let childId = '';
    await until(async () => {
      const left = (await shared.listRunning()).find((r) => r.parentRunId === parentId);
      childId = left?.id ?? '';
      return left?.nodes.a?.status === 'ok' && left.nodes.gate?.status === 'running';
    });
    crashing.die();
    expect((await shared.get(childId))?.durable).toBe(true);

    const second = createEngine({ runStore: shared, workflowStore, mods: [effectsMod(executions, settled, { values: new Set() })] });
    await second.start();
    expect(await settledIn(shared, parentId)).toMatchObject({ status: 'ok', output: 3, recoveries: 1 });
    expect(await shared.get(childId)).toMatchObject({ status: 'ok', output: 3, recoveries: 1, parentRunId: parentId, childKey: 'call1' });
    expect((await shared.list({ parentRunId: parentId })).runs.map((r) => r.id)).toEqual([childId]);
    expect(Object.fromEntries(executions)).toEqual({ [`${childId}:a`]: 1, [`${childId}:gate`]: 2 });
    expect(settled.map((r) => r.id).sort()).toEqual([childId, parentId].sort());
    await first.stop();
    await second.stop();
  });

  it('a flow.map killed mid-way ends with each item run once: settled items answer, running ones go on', async () => {
    const shared = createMemoryRunStore();
    const workflowStore = createMemoryWorkflowStore();
    const executions = new Map<string, number>();
    const crashing = dyingStore(shared);
    const first = createEngine({ runStore: crashing, workflowStore, mods: [effectsMod(executions, [], { values: new Set([3, 4, 5]) })] });
    await first.start();
    await first.workflows.save('item', item);
    await first.workflows.save('mapper', mapper);
    const parentId = first.startRun({ workflowId: 'mapper', input: [1, 2, 3, 4, 5] }).id;
    await until(async () => {
      const children = (await shared.list({ parentRunId: parentId })).runs;
      return children.filter((r) => r.status === 'ok').length === 2 && children.length === 5;
    });
    await crashing.flush();
    crashing.die();

    const second = createEngine({ runStore: shared, workflowStore, mods: [effectsMod(executions, [], { values: new Set() })] });
    await second.start();
    expect(await settledIn(shared, parentId)).toMatchObject({ status: 'ok', output: [2, 3, 4, 5, 6], recoveries: 1 });
    const children = (await shared.list({ parentRunId: parentId })).runs;
    expect(children.map((r) => [r.childKey, r.status]).sort()).toEqual([
      ['0', 'ok'],
      ['1', 'ok'],
      ['2', 'ok'],
      ['3', 'ok'],
      ['4', 'ok'],
    ]);
    // Each item's effect under one key: run once if it had settled, again (same key) if it was running.
    const byItem = children.map((r) => [r.childKey, executions.get(`${r.id}:put`)]).sort();
    expect(byItem).toEqual([
      ['0', 1],
      ['1', 1],
      ['2', 2],
      ['3', 2],
      ['4', 2],
    ]);
    expect(executions.size).toBe(5);
    await first.stop();
    await second.stop();
  });

  it('settles a child left running that no node takes up, once its parent settles', async () => {
    const shared = createMemoryRunStore();
    const workflowStore = createMemoryWorkflowStore();
    const settled: RunRecord[] = [];
    const crashing = dyingStore(shared);
    const first = createEngine({ runStore: crashing, workflowStore, mods: [effectsMod(new Map(), [], { values: new Set([2]) })] });
    await first.start();
    await first.workflows.save('child', child);
    await first.workflows.save('caller', caller);
    const parentId = first.startRun({ workflowId: 'caller', input: 1 }).id;
    let childId = '';
    await until(async () => {
      const left = (await shared.listRunning()).find((r) => r.parentRunId === parentId);
      childId = left?.id ?? '';
      return left?.nodes.gate?.status === 'running';
    });
    crashing.die();
    // The parent's record says its call node was done, so it does not run again and never asks for the child.
    const parent = (await shared.get(parentId)) as RunRecord;
    await shared.save({
      ...parent,
      nodes: { ...parent.nodes, in: { status: 'ok', outputs: { value: 1 } }, call: { status: 'ok', outputs: { output: 7 } } },
    });

    const second = createEngine({ runStore: shared, workflowStore, mods: [effectsMod(new Map(), settled, { values: new Set() })] });
    await second.start();
    expect(await settledIn(shared, parentId)).toMatchObject({ status: 'ok', output: 7 });
    expect((await settledIn(shared, childId)).error?.code).toBe('interrupted');
    expect(settled.map((r) => r.id).sort()).toEqual([childId, parentId].sort());
    await first.stop();
    await second.stop();
  });
});
