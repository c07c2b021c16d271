import { defineMod, defineOp, type RunRecord } from '@pattern/core';
import { tempDir } from '@pattern/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { orderAggregate } from '../examples/orders.ts';
import { eventStoreMod } from '../src/index.ts';
import { eventStoreOps } from '../src/ops/index.ts';
import { type Started, startEngine } from './harness.ts';

/**
 * One node that executes an event-store op twice with its own context (same run, same node, same
 * idempotency key), as a durable run does when it runs again a node that was running when its
 * server died.
 */
const rerunMod = defineMod({
  name: 'rerun',
  version: '0.0.0',
  ops: [
    defineOp({
      name: 'rerun.twice',
      description: 'Executes an event-store op twice as the same node, and outputs both results.',
      inputs: {
        op: { schema: z.enum(['events.append', 'aggregate.execute']), description: 'The op to execute.' },
        first: { schema: z.record(z.string(), z.unknown()), description: 'Its inputs the first time.' },
        second: { schema: z.record(z.string(), z.unknown()), description: 'Its inputs the second time.' },
      },
      run: async (inputs, ctx) => {
        const op = eventStoreOps.find((each) => each.name === inputs.op);
        if (!op) throw new Error(`no op ${inputs.op}`);
        ctx.output({ first: await op.run(inputs.first, ctx), second: await op.run(inputs.second, ctx) });
        return {};
      },
    }),
  ],
});

const started: Started[] = [];
afterEach(async () => {
  for (const each of started.splice(0)) await each.stop();
});

async function engine(): Promise<Started> {
  const each = await startEngine([eventStoreMod({ aggregates: [orderAggregate] }), rerunMod], tempDir());
  started.push(each);
  return each;
}

async function twice({ engine }: Started, durable: boolean, op: string, first: unknown, second: unknown) {
  const run: RunRecord = await engine.run({
    workflow: { name: 'Run a node again', durable, nodes: [{ id: 'write', op: 'rerun.twice', config: { op, first, second } }], edges: [] },
  });
  expect(run.status, run.error?.message).toBe('ok');
  return run.output as { first: Record<string, unknown>; second: Record<string, unknown> };
}

const placed = (id: string) => ({ aggregateType: 'Order', aggregateId: id, events: { type: 'OrderPlaced', payload: { orderId: id } } });

describe('event-store writes in a durable run', () => {
  it('events.append executed again as the same node appends once and answers the first result', async () => {
    const started = await engine();
    const { first, second } = await twice(
      started,
      true,
      'events.append',
      { ...placed('o-1'), expectedVersion: 'no_stream' },
      {
        ...placed('o-1'),
        expectedVersion: 'no_stream',
      },
    );
    expect(first).toMatchObject({ ok: true, version: 1 });
    expect(second).toEqual(first);
    expect(await started.events.log.head()).toBe(1);
  });

  it('aggregate.execute executed again as the same node decides nothing more, answering the events and state of the first', async () => {
    const started = await engine();
    const command = { type: 'Order', id: 'o-2', command: 'place', payload: { customerId: 'c-7', items: [{ sku: 'tea', price: 4 }] } };
    const { first, second } = await twice(started, true, 'aggregate.execute', command, command);
    expect(first).toMatchObject({ ok: true, version: 1, state: { status: 'placed', total: 4 } });
    // Decided again, the order would be refused as already placed.
    expect(second).toEqual(first);
    expect(await started.events.log.streamVersion({ aggregateType: 'Order', aggregateId: 'o-2' })).toBe(1);
  });

  it('a run that is not durable appends each time', async () => {
    const started = await engine();
    const { first, second } = await twice(started, false, 'events.append', placed('o-3'), placed('o-3'));
    expect(first).toMatchObject({ ok: true, version: 1 });
    expect(second).toMatchObject({ ok: true, version: 2 });
    const command = { type: 'Order', id: 'o-4', command: 'place', payload: { customerId: 'c-7', items: [] } };
    const executed = await twice(started, false, 'aggregate.execute', command, command);
    expect(executed.second).toMatchObject({ ok: false, refused: { code: 'domain_error' } });
    expect(await started.events.log.driver.pruneResults(Number.MAX_SAFE_INTEGER)).toBe(0);
  });
});
