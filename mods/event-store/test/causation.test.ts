import { createEngine, createMemoryWorkflowStore } from '@pattern/core';
import { tempDir } from '@pattern/testing';
import { describe, expect, it } from 'vitest';
import { eventStoreMod, type SubscriptionStatus } from '../src/index.ts';
import { LOOP_STREAM, loopWorkflow } from './fixtures/loop-workflow.ts';
import { type Started, startEngine, waitFor } from './harness.ts';

async function parkedTrigger(started: Started): Promise<SubscriptionStatus> {
  return waitFor(async () => (await started.events.subscriptions()).find((s) => s.state === 'parked'), 'the trigger to be parked');
}

describe('causation depth', () => {
  it('parks a workflow that feeds itself once its chain would pass maxCausationDepth, and says why', async () => {
    const dir = tempDir();
    const workflowStore = createMemoryWorkflowStore();
    const first = await startEngine([eventStoreMod()], dir, {}, { workflowStore });
    await first.engine.workflows.save('loop', loopWorkflow());
    await waitFor(async () => (await first.events.subscriptions()).length === 1, 'the workflow to be followed');
    const [root] = (await first.events.append(LOOP_STREAM, [{ type: 'Loop', payload: { n: 0 } }])).events;

    const parked = await parkedTrigger(first);
    const reason = 'causation_depth: the chain of events caused by workflow loop reached depth 33 (limit 32)';
    expect(parked).toMatchObject({ name: 'workflow:loop', state: 'parked', pause: { kind: 'parked', reason } });
    const chain = await first.events.read(LOOP_STREAM);
    expect(chain).toHaveLength(33);
    chain.forEach((event, depth) => {
      if (depth === 0) return;
      expect(event.metadata).toMatchObject({ causationDepth: depth, causationId: chain[depth - 1]?.id, correlationId: root?.id });
    });
    const runs = await first.engine.runs.list({ workflowId: 'loop', limit: 100 });
    expect(runs.runs.map((r) => r.status)).toEqual(Array(32).fill('ok'));
    const last = chain[32];
    expect(await first.events.listParked()).toMatchObject([
      {
        consumer: 'workflow:loop',
        eventId: last?.id,
        attempts: 0,
        error: { code: 'causation_depth', details: { workflowId: 'loop', depth: 33, limit: 32, correlationId: root?.id } },
      },
    ]);
    await first.stop();

    // The park is saved with the checkpoint: a restart does not start the workflow again.
    const second = await startEngine([eventStoreMod()], dir, {}, { workflowStore });
    expect(await parkedTrigger(second)).toMatchObject({ position: 33, pause: { reason } });
    await second.events.resumeTrigger('loop');
    await second.events.caughtUp('workflow:loop');
    expect((await second.events.subscriptions())[0]).toMatchObject({ state: 'running', pause: null });
    // Retried by hand, the parked event runs; the event that run appends is one step too deep, so the trigger parks again.
    const [entry] = await second.events.listParked();
    expect(await second.events.retryParked(entry?.id as string)).toMatchObject({ ok: true });
    expect(await parkedTrigger(second)).toMatchObject({ pause: { reason: reason.replace('depth 33', 'depth 34') } });
    expect(await second.events.read(LOOP_STREAM)).toHaveLength(34);
    await second.stop();
  });

  it('counts depth from the run, whatever depth an event of the workflow claims, and follows the limit set', async () => {
    const started = await startEngine([eventStoreMod()], undefined, { maxCausationDepth: 3 });
    await started.engine.workflows.save('loop', loopWorkflow({ type: 'Loop', metadata: { causationDepth: 0 } }));
    await waitFor(async () => (await started.events.subscriptions()).length === 1, 'the workflow to be followed');
    await started.events.append(LOOP_STREAM, [{ type: 'Loop', payload: { n: 0 } }]);
    expect((await parkedTrigger(started)).pause?.reason).toBe(
      'causation_depth: the chain of events caused by workflow loop reached depth 4 (limit 3)',
    );
    const chain = await started.events.read(LOOP_STREAM);
    expect(chain.map((e) => e.metadata.causationDepth ?? 0)).toEqual([0, 1, 2, 3]);
    await started.stop();
  });

  it('refuses a maxCausationDepth that is not a whole number from 1 on, naming it', async () => {
    for (const maxCausationDepth of [0, 2.5, 'deep']) {
      const engine = createEngine({ mods: [eventStoreMod()], modOptions: { 'event-store': { maxCausationDepth } } });
      await expect(engine.start()).rejects.toMatchObject({ code: 'validation_failed', details: { field: 'options.event-store.maxCausationDepth' } });
    }
  });
});
