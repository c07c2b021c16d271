import { createMemoryWorkflowStore, defineMod, defineOp } from '@pattern/core';
import { tempDir } from '@pattern/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { mailerAggregate, welcomeWorkflow } from '../examples/mailer.ts';
import { eventStoreMod } from '../src/index.ts';
import { startEngine, waitFor } from './harness.ts';

/** An op that fails for an event until it has been tried `failTimes` times. */
function flakyMod(failTimes: () => number) {
  const attempts = new Map<string, number>();
  const handled: string[] = [];
  const mod = defineMod({
    name: 'flaky',
    version: '0.0.0',
    ops: [
      defineOp({
        name: 'test.flaky',
        description: 'Fails the first times it sees an event.',
        inputs: { event: { schema: z.object({ id: z.string(), payload: z.record(z.string(), z.unknown()) }), description: 'The event.' } },
        outputs: { done: { schema: z.boolean(), description: 'Handled.' } },
        run: (inputs) => {
          const seen = (attempts.get(inputs.event.id) ?? 0) + 1;
          attempts.set(inputs.event.id, seen);
          if (seen <= failTimes()) throw new Error(`attempt ${seen} fails`);
          handled.push(String(inputs.event.payload.n));
          return { done: true };
        },
      }),
    ],
  });
  return { mod, attempts, handled };
}

const flakyWorkflow = {
  name: 'Flaky reaction',
  nodes: [
    { id: 'on', op: 'events.on', config: { types: ['Ping'] } },
    { id: 'handle', op: 'test.flaky' },
  ],
  edges: [{ from: { node: 'on', port: 'event' }, to: { node: 'handle', port: 'event' } }],
};

describe('event-triggered workflows', () => {
  it('Sign-up: UserSignedUp runs the welcome workflow, linked by correlation and causation ids', async () => {
    const { engine, events, stop } = await startEngine([eventStoreMod({ aggregates: [mailerAggregate] })], tempDir());
    await engine.workflows.save('welcome', welcomeWorkflow);
    const signUp = await engine.invoke('events.append', {
      aggregateType: 'User',
      aggregateId: 'u-1',
      events: [{ type: 'UserSignedUp', payload: { userId: 'u-1', email: 'ada@example.com' } }],
      expectedVersion: 'no_stream',
    }).done;
    expect(signUp.status).toBe('ok');
    const signedUp = (signUp.output as { events: Array<{ id: string; metadata: Record<string, string> }> }).events[0];
    expect(signedUp?.metadata).toMatchObject({ correlationId: signUp.id, runId: signUp.id, nodeId: 'op' });

    await events.caughtUp('workflow:welcome');
    const [sent] = await events.read({ aggregateType: 'Mailer', aggregateId: 'u-1' });
    expect(sent).toMatchObject({ type: 'WelcomeEmailSent', payload: { email: 'ada@example.com' } });
    expect(sent?.metadata).toMatchObject({ correlationId: signUp.id, causationId: signedUp?.id, nodeId: 'send', createdBy: 'workflow:welcome' });
    const run = await engine.runs.get(sent?.metadata.runId as string);
    expect(run).toMatchObject({ workflowId: 'welcome', status: 'ok', trigger: { kind: 'event', detail: signedUp?.id }, output: true });
    const correlated = await events.readAll({ correlationId: signUp.id });
    expect(correlated.events.map((e) => e.type)).toEqual(['UserSignedUp', 'WelcomeEmailSent']);
    await stop();
  });

  it('retries a failing run with backoff: fails twice, then succeeds, nothing parked', async () => {
    const flaky = flakyMod(() => 2);
    const { engine, events, stop } = await startEngine([eventStoreMod(), flaky.mod], tempDir());
    await engine.workflows.save('flaky', flakyWorkflow);
    await waitFor(async () => (await events.subscriptions()).some((s) => s.name === 'workflow:flaky'), 'the workflow to be followed');
    await events.append({ aggregateType: 'Pinger', aggregateId: 'p' }, [
      { type: 'Ping', payload: { n: 1 } },
      { type: 'Ignored' },
      { type: 'Ping', payload: { n: 2 } },
    ]);
    await events.caughtUp('workflow:flaky');
    expect(flaky.handled).toEqual(['1', '2']);
    expect([...flaky.attempts.values()]).toEqual([3, 3]);
    expect(await events.listParked()).toEqual([]);
    const runs = await engine.runs.list({ workflowId: 'flaky', limit: 100 });
    expect(runs.runs.map((r) => r.status).sort()).toEqual(['error', 'error', 'error', 'error', 'ok', 'ok']);
    const [status] = await events.subscriptions();
    expect(status).toMatchObject({ kind: 'workflow', name: 'workflow:flaky', position: 3, lag: 0, caughtUp: true });
    await stop();
  });

  it('parks an event after 3 retries, moves on, and retries it on demand', async () => {
    let failTimes = 100;
    const flaky = flakyMod(() => failTimes);
    const { engine, events, stop } = await startEngine([eventStoreMod(), flaky.mod], tempDir());
    await engine.workflows.save('flaky', flakyWorkflow);
    await waitFor(async () => (await events.subscriptions()).length === 1, 'the workflow to be followed');
    const [bad] = (await events.append({ aggregateType: 'Pinger', aggregateId: 'p' }, [{ type: 'Ping', payload: { n: 1 } }])).events;
    await events.caughtUp('workflow:flaky');
    const parked = await events.listParked();
    expect(parked).toMatchObject([{ consumer: 'workflow:flaky', eventId: bad?.id, attempts: 4, error: { message: 'attempt 4 fails' } }]);
    failTimes = 4;
    await events.append({ aggregateType: 'Pinger', aggregateId: 'p' }, [{ type: 'Ping', payload: { n: 2 } }]);
    await events.caughtUp('workflow:flaky');
    expect(flaky.handled).toEqual([]);
    failTimes = 0;
    const retried = await events.retryParked(parked[0]?.id as string);
    expect(retried).toMatchObject({ ok: true, run: { status: 'ok', workflowId: 'flaky' } });
    expect(flaky.handled).toEqual(['1']);
    expect((await events.listParked()).map((p) => p.eventId)).toHaveLength(1);
    await stop();
  });

  it('resumes from its durable checkpoint after a restart: each event runs once', async () => {
    const dir = tempDir();
    const workflowStore = createMemoryWorkflowStore();
    const flaky = flakyMod(() => 0);
    const first = await startEngine([eventStoreMod(), flaky.mod], dir, {}, { workflowStore });
    await first.engine.workflows.save('flaky', flakyWorkflow);
    await waitFor(async () => (await first.events.subscriptions()).length === 1, 'the workflow to be followed');
    for (let n = 1; n <= 3; n++) await first.events.append({ aggregateType: 'Pinger', aggregateId: 'p' }, [{ type: 'Ping', payload: { n } }]);
    await first.events.caughtUp('workflow:flaky');
    await first.stop();

    const second = await startEngine([eventStoreMod(), flaky.mod], dir, {}, { workflowStore });
    await waitFor(async () => (await second.events.subscriptions()).length === 1, 'the workflow to be followed again');
    await second.events.append({ aggregateType: 'Pinger', aggregateId: 'p' }, [{ type: 'Ping', payload: { n: 4 } }]);
    await second.events.caughtUp('workflow:flaky');
    expect(flaky.handled).toEqual(['1', '2', '3', '4']);
    await second.engine.workflows.delete('flaky');
    expect(await second.events.subscriptions()).toEqual([]);
    expect(await second.events.log.driver.getCheckpoint('workflow:flaky')).toBeUndefined();
    await second.stop();
  });

  it('only reacts to events appended after the workflow was saved, and follows a changed filter', async () => {
    const flaky = flakyMod(() => 0);
    const { engine, events, stop } = await startEngine([eventStoreMod(), flaky.mod]);
    await events.append({ aggregateType: 'Pinger', aggregateId: 'p' }, [{ type: 'Ping', payload: { n: 0 } }]);
    await engine.workflows.save('flaky', flakyWorkflow);
    await waitFor(async () => (await events.subscriptions()).length === 1, 'the workflow to be followed');
    await events.append({ aggregateType: 'Pinger', aggregateId: 'p' }, [{ type: 'Ping', payload: { n: 1 } }]);
    await events.caughtUp('workflow:flaky');
    const onlyOthers = {
      ...flakyWorkflow,
      nodes: [{ id: 'on', op: 'events.on', config: { types: ['Ping'], aggregateType: 'Other' } }, flakyWorkflow.nodes[1]],
    };
    await engine.workflows.save('flaky', onlyOthers);
    await waitFor(async () => (await events.subscriptions())[0]?.position === 2 || undefined, 'the new filter');
    await events.append({ aggregateType: 'Pinger', aggregateId: 'p' }, [{ type: 'Ping', payload: { n: 2 } }]);
    await events.append({ aggregateType: 'Other', aggregateId: 'o' }, [{ type: 'Ping', payload: { n: 3 } }]);
    await events.caughtUp('workflow:flaky');
    expect(flaky.handled).toEqual(['1', '3']);
    await stop();
  });

  it('with from: "start", works through the whole log in order first, then follows new events', async () => {
    const flaky = flakyMod(() => 0);
    const { engine, events, stop } = await startEngine([eventStoreMod(), flaky.mod]);
    for (let n = 1; n <= 3; n++) await events.append({ aggregateType: 'Pinger', aggregateId: `p${n % 2}` }, [{ type: 'Ping', payload: { n } }]);
    const fromStart = {
      ...flakyWorkflow,
      nodes: [{ id: 'on', op: 'events.on', config: { types: ['Ping'], from: 'start' } }, flakyWorkflow.nodes[1]],
    };
    expect(engine.validate(fromStart)).toEqual([]);
    expect(
      engine.validate({ ...fromStart, nodes: [{ ...fromStart.nodes[0], config: { types: ['Ping'], from: 'yesterday' } }, fromStart.nodes[1]] }),
    ).toMatchObject([{ path: 'nodes[0].config.from' }]);
    await engine.workflows.save('replay', fromStart);
    await waitFor(async () => (await events.subscriptions()).length === 1, 'the workflow to be followed');
    await events.caughtUp('workflow:replay');
    expect(flaky.handled).toEqual(['1', '2', '3']);
    await events.append({ aggregateType: 'Pinger', aggregateId: 'p0' }, [{ type: 'Ping', payload: { n: 4 } }]);
    await events.caughtUp('workflow:replay');
    expect(flaky.handled).toEqual(['1', '2', '3', '4']);
    await stop();
  });
});
