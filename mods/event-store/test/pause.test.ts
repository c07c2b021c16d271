import { createMemoryWorkflowStore, defineMod, defineOp } from '@pattern/core';
import { type StoreService, storeMod } from '@pattern/mod-store';
import { tempDir } from '@pattern/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { eventStoreMod } from '../src/index.ts';
import { customerTotals } from './examples/customer-totals.ts';
import { startEngine, waitFor } from './harness.ts';

/** An op that fails while `failing()` says so, counting its attempts. */
function unreliableMod(failing: () => boolean) {
  const seen = { attempts: 0, handled: [] as string[] };
  const mod = defineMod({
    name: 'unreliable',
    version: '0.0.0',
    ops: [
      defineOp({
        name: 'test.unreliable',
        description: 'Fails while told to.',
        inputs: { event: { schema: z.object({ id: z.string() }), description: 'The event.' } },
        outputs: { done: { schema: z.boolean(), description: 'Handled.' } },
        run: (inputs) => {
          seen.attempts++;
          if (failing()) throw new Error('the mail server is down');
          seen.handled.push(inputs.event.id);
          return { done: true };
        },
      }),
    ],
  });
  return { mod, seen };
}

const reaction = {
  name: 'Send a mail',
  nodes: [
    { id: 'on', op: 'events.on', config: { types: ['Ping'] } },
    { id: 'send', op: 'test.unreliable' },
  ],
  edges: [{ from: { node: 'on', port: 'event' }, to: { node: 'send', port: 'event' } }],
};

const ping = { aggregateType: 'Pinger', aggregateId: 'p' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('pausing and resuming', () => {
  it('pauses a trigger while it retries a failing run, keeps it paused across a restart, and resumes it', async () => {
    let failing = true;
    const unreliable = unreliableMod(() => failing);
    const dir = tempDir();
    const workflowStore = createMemoryWorkflowStore();
    const options = { triggerRetries: 20, retryDelayMs: 10 };
    const first = await startEngine([eventStoreMod(), unreliable.mod], dir, options, { workflowStore });
    await first.engine.workflows.save('mailer', reaction);
    await waitFor(async () => (await first.events.subscriptions()).length === 1, 'the workflow to be followed');
    const [event] = (await first.events.append(ping, [{ type: 'Ping' }])).events;
    await waitFor(() => unreliable.seen.attempts >= 2 || undefined, 'a few failed attempts');

    const paused = await first.events.pauseTrigger('mailer', 'fixing the mail server');
    expect(paused).toMatchObject({
      kind: 'workflow',
      name: 'workflow:mailer',
      state: 'paused',
      pause: { kind: 'paused', reason: 'fixing the mail server' },
    });
    const attempts = unreliable.seen.attempts;
    // Retries go on at 10, 20, 40 ms… while it follows; paused, none is made.
    await sleep(300);
    expect(unreliable.seen.attempts).toBe(attempts);
    await first.events.caughtUp('workflow:mailer');
    await first.stop();

    failing = false;
    const second = await startEngine([eventStoreMod(), unreliable.mod], dir, options, { workflowStore });
    await waitFor(async () => (await second.events.subscriptions()).length === 1, 'the workflow to be followed again');
    expect((await second.events.subscriptions())[0]).toMatchObject({ state: 'paused', pause: { reason: 'fixing the mail server' }, position: 0 });
    await sleep(200);
    expect(unreliable.seen.handled).toEqual([]);

    expect(await second.events.resumeTrigger('mailer')).toMatchObject({ pause: null });
    await second.events.caughtUp('workflow:mailer');
    expect(unreliable.seen.handled).toEqual([event?.id]);
    expect((await second.events.subscriptions())[0]).toMatchObject({ state: 'running', position: 1, pause: null });
    await expect(second.events.pauseTrigger('nope')).rejects.toMatchObject({ code: 'not_found' });
    await second.stop();
  });

  it('pauses and resumes a projection', async () => {
    const { engine, events, stop } = await startEngine([storeMod, eventStoreMod({ projections: [customerTotals()] })], tempDir());
    const store = engine.services.get<StoreService>('store');
    const order = (n: number) => [{ type: 'OrderPlaced', payload: { orderId: `o-${n}`, customerId: 'c-1', total: n } }];
    await events.append({ aggregateType: 'Order', aggregateId: 'o-1' }, order(1));
    await events.caughtUp('customer-totals');
    expect(await events.pauseProjection('customer-totals')).toMatchObject({
      kind: 'projection',
      state: 'paused',
      pause: { reason: 'paused through the API' },
    });
    await events.append({ aggregateType: 'Order', aggregateId: 'o-2' }, order(2));
    await sleep(200);
    expect((await store.get('customer_totals', 'c-1'))?.data).toMatchObject({ orders: 1, total: 1 });
    await events.resumeProjection('customer-totals');
    await events.caughtUp('customer-totals');
    expect((await store.get('customer_totals', 'c-1'))?.data).toMatchObject({ orders: 2, total: 3 });
    await expect(events.resumeProjection('nope')).rejects.toMatchObject({ code: 'not_found' });
    await stop();
  });

  it('in safe mode, holds every trigger and projection until each is resumed, for this start only', async () => {
    const unreliable = unreliableMod(() => false);
    const dir = tempDir();
    const workflowStore = createMemoryWorkflowStore();
    const mods = () => [storeMod, eventStoreMod({ projections: [customerTotals()] }), unreliable.mod];
    const first = await startEngine(mods(), dir, {}, { workflowStore });
    await first.engine.workflows.save('mailer', reaction);
    await waitFor(async () => (await first.events.subscriptions()).length === 2, 'the workflow to be followed');
    await first.stop();

    const safe = await startEngine(mods(), dir, {}, { workflowStore, safeMode: true });
    await waitFor(async () => (await safe.events.subscriptions()).length === 2, 'the workflow to be followed in safe mode');
    expect(safe.events.safeMode).toBe(true);
    const [ping1] = (await safe.events.append(ping, [{ type: 'Ping' }])).events;
    await safe.events.append({ aggregateType: 'Order', aggregateId: 'o-1' }, [
      { type: 'OrderPlaced', payload: { orderId: 'o-1', customerId: 'c-1', total: 5 } },
    ]);
    const held = await safe.events.subscriptions();
    expect(held.map((s) => [s.name, s.state, s.pause?.reason])).toEqual([
      ['projection:customer-totals', 'paused', 'safe mode: the server started in safe mode; resume this to handle events again'],
      ['workflow:mailer', 'paused', 'safe mode: the server started in safe mode; resume this to handle events again'],
    ]);
    await sleep(200);
    expect(unreliable.seen.attempts).toBe(0);
    expect(await safe.engine.services.get<StoreService>('store').get('customer_totals', 'c-1')).toBeUndefined();

    await safe.events.resumeTrigger('mailer');
    await safe.events.caughtUp('workflow:mailer');
    expect(unreliable.seen.handled).toEqual([ping1?.id]);
    expect((await safe.events.subscriptions()).map((s) => s.state)).toEqual(['paused', 'running']);
    await safe.stop();

    // The hold of safe mode is not saved: started normally, the projection catches up.
    const normal = await startEngine(mods(), dir, {}, { workflowStore });
    expect(normal.events.safeMode).toBe(false);
    await normal.events.caughtUp('customer-totals');
    expect((await normal.engine.services.get<StoreService>('store').get('customer_totals', 'c-1'))?.data).toMatchObject({ total: 5 });
    await normal.stop();
  });
});
