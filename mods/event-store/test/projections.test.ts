import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine, silentLogger } from '@pattern/core';
import { type Doc, type StoreService, storeMod } from '@pattern/mod-store';
import { tempDir } from '@pattern/testing';
import { describe, expect, it } from 'vitest';
import { createMemoryDriver, createSqliteDriver, defineProjection, EventStoreService, eventStoreMod } from '../src/index.ts';
import { customerTotals } from './examples/customer-totals.ts';
import { startEngine } from './harness.ts';

const ORDERS = 40;

/** What the totals must be once every order is applied exactly once. */
function expectedTotals(count: number) {
  const out: Record<string, { orders: number; total: number }> = {};
  for (let i = 0; i < count; i++) {
    const entry = (out[`c-${i % 4}`] ??= { orders: 0, total: 0 });
    entry.orders++;
    entry.total += i + 1;
  }
  return out;
}

async function totalsOf(store: StoreService): Promise<Record<string, { orders: number; total: number }>> {
  const page = await store.query({ collection: 'customer_totals', limit: 100 });
  return Object.fromEntries(page.docs.map((doc: Doc) => [doc.id, { orders: doc.data.orders as number, total: doc.data.total as number }]));
}

describe('projections', () => {
  it('a projection killed half-way resumes after restart, with every effect applied once', async () => {
    const dir = tempDir();
    const fixture = fileURLToPath(new URL('./fixtures/projection-crash.ts', import.meta.url));
    const child = spawnSync(process.execPath, ['--import', 'tsx', fixture, dir, '20', String(ORDERS)], { encoding: 'utf8' });
    expect(child.signal, child.stderr).toBe('SIGKILL');

    // The crash left the effect of event 20 written and its checkpoint not.
    const driver = createSqliteDriver(join(dir, 'events.db'));
    expect(await driver.getCheckpoint('projection:customer-totals')).toMatchObject({ position: 19 });
    await driver.close();

    const { engine, events, stop } = await startEngine([storeMod, eventStoreMod({ projections: [customerTotals()] })], dir);
    const store = engine.services.get<StoreService>('store');
    const before = await totalsOf(store);
    expect(Object.values(before).reduce((sum, t) => sum + t.orders, 0)).toBe(20);
    await events.caughtUp('customer-totals');
    expect(await totalsOf(store)).toEqual(expectedTotals(ORDERS));
    const [status] = await events.subscriptions();
    expect(status).toMatchObject({
      kind: 'projection',
      name: 'projection:customer-totals',
      version: 1,
      position: ORDERS,
      lag: 0,
      caughtUp: true,
      state: 'running',
    });
    await stop();
  });

  it('follows new events live, and rebuilds from the start when its version changes', async () => {
    const dir = tempDir();
    const first = await startEngine([storeMod, eventStoreMod({ projections: [customerTotals(1)] })], dir);
    for (let i = 0; i < 12; i++) {
      await first.events.append({ aggregateType: 'Order', aggregateId: `o-${i}` }, [
        { type: 'OrderPlaced', payload: { orderId: `o-${i}`, customerId: `c-${i % 4}`, total: i + 1 } },
        { type: 'OrderNoted', payload: { orderId: `o-${i}` } },
      ]);
    }
    await first.events.caughtUp('customer-totals');
    const store = first.engine.services.get<StoreService>('store');
    expect(await totalsOf(store)).toEqual(expectedTotals(12));
    // Tamper with the projected documents: only a rebuild puts them right.
    await store.put({ collection: 'customer_totals', id: 'c-0', data: { customerId: 'c-0', orders: 999, total: 0, lastPosition: 9999 } });
    await first.stop();

    const second = await startEngine([storeMod, eventStoreMod({ projections: [customerTotals(2)] })], dir);
    await second.events.caughtUp('customer-totals');
    expect(await totalsOf(second.engine.services.get<StoreService>('store'))).toEqual(expectedTotals(12));
    expect((await second.events.subscriptions())[0]).toMatchObject({ version: 2, position: 24, caughtUp: true });
    await second.stop();
  });

  it('retries a failing handler with backoff and reports it failing meanwhile', async () => {
    let failures = 3;
    const seen: number[] = [];
    const fragile = defineProjection({
      name: 'fragile',
      handles: {
        Tick: (event) => {
          if (failures-- > 0) throw new Error('not yet');
          seen.push(event.position);
        },
      },
    });
    const { events, stop } = await startEngine([eventStoreMod({ projections: [fragile] })]);
    await events.append({ aggregateType: 'Clock', aggregateId: 'c' }, [{ type: 'Tick' }, { type: 'Tock' }, { type: 'Tick' }]);
    await events.caughtUp('fragile');
    expect(seen).toEqual([1, 3]);
    expect((await events.subscriptions())[0]).toMatchObject({ state: 'running', error: null, position: 3 });
    await stop();
  });

  it('keeps following when reading the log fails for a while', async () => {
    const driver = createMemoryDriver();
    let failReads = 2;
    const flaky = {
      ...driver,
      readAll: async (query: Parameters<typeof driver.readAll>[0]) => {
        if (failReads-- > 0) throw new Error('database is locked');
        return driver.readAll(query);
      },
    };
    const seen: number[] = [];
    const counting = defineProjection({ name: 'counting', handles: { Tick: (event) => void seen.push(event.position) } });
    const service = new EventStoreService(
      flaky,
      { aggregates: [], projections: [counting], retryDelayMs: 1, pollMs: 10, triggerRetries: 3 },
      silentLogger,
    );
    const engine = createEngine();
    await service.start(engine.services, undefined);
    await service.append({ aggregateType: 'Clock', aggregateId: 'c' }, [{ type: 'Tick' }, { type: 'Tick' }]);
    await service.caughtUp('counting');
    expect(seen).toEqual([1, 2]);
    expect((await service.subscriptions())[0]).toMatchObject({ state: 'running', error: null, position: 2 });
    await service.stop();
  });

  it('lets timers and I/O have their turn between events while it catches up on a long log', async () => {
    const seen: number[] = [];
    const counting = defineProjection({ name: 'counting', handles: { Tick: (event) => void seen.push(event.position) } });
    // The memory driver never waits on I/O: without yielding, catching up would hold the event loop to the end.
    const service = new EventStoreService(
      createMemoryDriver(),
      { aggregates: [], projections: [counting], retryDelayMs: 1, pollMs: 10, triggerRetries: 3 },
      silentLogger,
    );
    const ticks = Array.from({ length: 1000 }, () => ({ type: 'Tick' }));
    for (let i = 0; i < 3; i++) await service.append({ aggregateType: 'Clock', aggregateId: 'c' }, ticks);
    await service.start(createEngine().services, undefined);
    // An immediate runs once the event loop has been through its timers and I/O phases again, so it
    // counts how many events were handled before the loop had its turn, whatever the machine's speed.
    const handledWhenTheLoopTurned = await new Promise<number>((resolve) => setImmediate(() => resolve(seen.length)));
    expect(handledWhenTheLoopTurned).toBeLessThan(100);
    await service.caughtUp('counting');
    expect(seen).toHaveLength(3000);
    await service.stop();
  });
});
