import { join } from 'node:path';
import { silentLogger } from '@pattern/core';
import { tempDir } from '@pattern/testing';
import { describe, expect, it } from 'vitest';
import { orderAggregate } from '../examples/orders.ts';
import { createSqliteDriver, defineAggregate, EventStoreService, eventStoreMod } from '../src/index.ts';
import { startEngine } from './harness.ts';

const counter = (snapshotEvery: number, version = 1, evolves: { count: number } = { count: 0 }) =>
  defineAggregate<{ total: number }>({
    type: 'Counter',
    initialState: { total: 0 },
    snapshotEvery,
    version,
    evolve: (state, event) => {
      evolves.count++;
      return { total: state.total + (event.payload.by as number) * version };
    },
    commands: { add: (_state, payload: { by: number }) => ({ type: 'Added', payload: { by: payload.by } }) },
  });

function openService(file: string, aggregates: Parameters<typeof defineAggregate>[0][] | ReturnType<typeof defineAggregate>[]) {
  return new EventStoreService(
    createSqliteDriver(file),
    { aggregates: aggregates as ReturnType<typeof defineAggregate>[], projections: [], retryDelayMs: 2, pollMs: 50, triggerRetries: 3 },
    silentLogger,
  );
}

describe('aggregates', () => {
  it('Orders: places, ships, refuses to ship a cancelled order, and loads any past version', async () => {
    const { events, stop } = await startEngine([eventStoreMod({ aggregates: [orderAggregate] })], tempDir());
    const placed = await events.execute('Order', 'o-1', 'place', {
      customerId: 'c-7',
      items: [
        { sku: 'tea', price: 4 },
        { sku: 'cup', price: 6 },
      ],
    });
    expect(placed).toMatchObject({ ok: true, version: 1, state: { status: 'placed', total: 10 } });
    expect(placed.ok && placed.events[0]).toMatchObject({
      type: 'OrderPlaced',
      version: 1,
      payload: { orderId: 'o-1', customerId: 'c-7', total: 10 },
    });

    expect(await events.execute('Order', 'o-1', 'cancel', { reason: 'changed my mind' })).toMatchObject({
      ok: true,
      version: 2,
      state: { status: 'cancelled' },
    });
    const refused = await events.execute('Order', 'o-1', 'ship', {});
    expect(refused).toMatchObject({
      ok: false,
      version: 2,
      error: { code: 'domain_error', message: 'Order o-1 was cancelled and cannot be shipped' },
    });
    expect((await events.read({ aggregateType: 'Order', aggregateId: 'o-1' })).map((e) => e.type)).toEqual(['OrderPlaced', 'OrderCancelled']);

    expect(await events.load('Order', 'o-1', { asOfVersion: 1 })).toMatchObject({ version: 1, found: true, state: { status: 'placed', total: 10 } });
    expect(await events.load('Order', 'o-1')).toMatchObject({ version: 2, state: { status: 'cancelled', total: 10 } });
    expect(await events.load('Order', 'o-9')).toEqual({ version: 0, found: false, state: { status: 'none', items: [], total: 0 } });

    const second = await events.execute('Order', 'o-2', 'place', { customerId: 'c-8', items: [] });
    expect(second.ok).toBe(true);
    expect(await events.execute('Order', 'o-2', 'ship', {})).toMatchObject({ ok: true, state: { status: 'shipped' } });
    expect(await events.execute('Order', 'o-2', 'cancel', {})).toMatchObject({ ok: false, error: { message: 'Order o-2 is already shipped' } });
    await stop();
  });

  it('names unknown aggregate types and commands', async () => {
    const { events, stop } = await startEngine([eventStoreMod({ aggregates: [orderAggregate] })]);
    await expect(events.load('Invoice', 'i-1')).rejects.toMatchObject({ code: 'not_found', message: expect.stringContaining('defined: Order') });
    await expect(events.execute('Order', 'o-1', 'teleport', {})).rejects.toThrow(/commands: place, ship, cancel/);
    await stop();
  });

  it('20 concurrent executes on one aggregate give versions 1 to 20, none lost or doubled', async () => {
    const { engine, events, stop } = await startEngine([eventStoreMod({ aggregates: [counter(5)] })], tempDir());
    const runs = await Promise.all(
      Array.from(
        { length: 20 },
        (_, i) => engine.invoke('aggregate.execute', { type: 'Counter', id: 'c', command: 'add', payload: { by: i + 1 } }).done,
      ),
    );
    expect(runs.every((run) => run.status === 'ok' && (run.output as { ok: boolean }).ok)).toBe(true);
    expect(runs.map((run) => (run.output as { version: number }).version).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const stored = await events.read({ aggregateType: 'Counter', aggregateId: 'c' });
    expect(stored.map((e) => e.version)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(stored.map((e) => e.payload.by).sort((a, b) => (a as number) - (b as number))).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await events.load('Counter', 'c')).toMatchObject({ version: 20, state: { total: 210 } });
    await stop();
  });

  it('retries on a conflict with another writer of the same file, with a fresh load each time', async () => {
    const file = join(tempDir(), 'events.db');
    // Four services on one file stand for four server processes: their commands really conflict.
    const services = Array.from({ length: 4 }, () => openService(file, [counter(1000)]));
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => services[i % 4]?.execute('Counter', 'shared', 'add', { by: 1 }, { retries: 50 })),
    );
    expect(results.every((r) => r?.ok)).toBe(true);
    expect(results.map((r) => r?.version).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await services[0]?.load('Counter', 'shared')).toMatchObject({ version: 20, state: { total: 20 } });
    for (const service of services) await service.close();
  });

  it('returns the conflict as a value once the retries are spent', async () => {
    const file = join(tempDir(), 'events.db');
    const other = openService(file, [counter(1000)]);
    let interfere = true;
    const racing = defineAggregate<{ total: number }>({
      ...counter(1000),
      commands: {
        add: async (_state, payload: { by: number }, { version }) => {
          // Another process writes between this load and this append, every time.
          if (interfere)
            await other.append({ aggregateType: 'Counter', aggregateId: 'r' }, [{ type: 'Added', payload: { by: 100 } }], {
              expectedVersion: version,
            });
          return { type: 'Added', payload: { by: payload.by } };
        },
      },
    });
    const service = openService(file, [racing]);
    const result = await service.execute('Counter', 'r', 'add', { by: 1 }, { retries: 2 });
    expect(result).toMatchObject({ ok: false, error: { code: 'conflict', details: { actual: 3 } }, version: 2 });
    interfere = false;
    expect(await service.execute('Counter', 'r', 'add', { by: 1 })).toMatchObject({ ok: true, version: 4, state: { total: 301 } });
    await service.close();
    await other.close();
  });

  it('keeps a snapshot every N events, loads from it, and ignores it when the aggregate version changes', async () => {
    const dir = tempDir();
    const evolves = { count: 0 };
    const first = await startEngine([eventStoreMod({ aggregates: [counter(10, 1, evolves)] })], dir);
    for (let i = 0; i < 25; i++) await first.events.execute('Counter', 'c', 'add', { by: 1 });
    const snapshot = await first.events.log.driver.getSnapshot({ aggregateType: 'Counter', aggregateId: 'c' });
    expect(snapshot).toMatchObject({ version: 20, aggregateVersion: 1, state: { total: 20 } });
    evolves.count = 0;
    expect(await first.events.load('Counter', 'c')).toMatchObject({ version: 25, state: { total: 25 } });
    expect(evolves.count).toBe(5);
    evolves.count = 0;
    expect(await first.events.load('Counter', 'c', { asOfVersion: 7 })).toMatchObject({ version: 7, state: { total: 7 } });
    expect(evolves.count).toBe(7);
    await first.stop();

    // Restart with version 2 of the aggregate (each event now counts double): the stale snapshot is rebuilt at start-up.
    const second = await startEngine([eventStoreMod({ aggregates: [counter(10, 2)] })], dir);
    expect(await second.events.log.driver.getSnapshot({ aggregateType: 'Counter', aggregateId: 'c' })).toMatchObject({
      version: 25,
      aggregateVersion: 2,
      state: { total: 50 },
    });
    expect(await second.events.load('Counter', 'c')).toMatchObject({ version: 25, state: { total: 50 } });
    await second.stop();
  });

  it('rebuilds snapshots for one aggregate or every aggregate of a type, over the op too', async () => {
    const { engine, events, stop } = await startEngine([eventStoreMod({ aggregates: [counter(3)] })], tempDir());
    for (const id of ['a', 'b', 'c']) for (let i = 0; i < 4; i++) await events.execute('Counter', id, 'add', { by: 2 });
    await events.log.driver.deleteSnapshots('Counter');
    expect(await events.rebuild('Counter', 'b')).toBe(1);
    expect(await events.log.driver.getSnapshot({ aggregateType: 'Counter', aggregateId: 'b' })).toMatchObject({ version: 4, state: { total: 8 } });
    const run = await engine.invoke('aggregate.rebuild', { type: 'Counter' }).done;
    expect(run.output).toEqual({ rebuilt: 3 });
    for (const id of ['a', 'c'])
      expect(await events.log.driver.getSnapshot({ aggregateType: 'Counter', aggregateId: id })).toMatchObject({ version: 4 });
    await stop();
  });

  it('loads over the op, with asOfVersion; a refused command is a value on the op', async () => {
    const { engine, events, stop } = await startEngine([eventStoreMod({ aggregates: [orderAggregate] })]);
    await events.execute('Order', 'o-1', 'place', { customerId: 'c', items: [{ sku: 'a', price: 1 }] });
    await events.execute('Order', 'o-1', 'ship', {});
    const load = await engine.invoke('aggregate.load', { type: 'Order', id: 'o-1', asOfVersion: 1 }).done;
    expect(load.output).toMatchObject({ version: 1, found: true, state: { status: 'placed' } });
    const refused = await engine.invoke('aggregate.execute', { type: 'Order', id: 'o-1', command: 'ship', payload: {} }).done;
    expect(refused.status).toBe('ok');
    expect(refused.output).toMatchObject({ ok: false, version: 2, refused: { code: 'domain_error' } });
    expect(refused.output).not.toHaveProperty('events');
    await stop();
  });
});
