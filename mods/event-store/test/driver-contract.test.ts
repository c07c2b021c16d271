import { isPatternError } from '@pattern/core';
import { afterEach, describe, expect, it } from 'vitest';
import { EventLog } from '../src/index.ts';
import { closeDrivers, factories } from './driver-factories.ts';

afterEach(closeDrivers);

async function failure(promise: Promise<unknown>): Promise<{ code: string; details: unknown; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (isPatternError(error)) return { code: error.code, details: error.details, message: error.message };
    throw error;
  }
  throw new Error('expected a failure');
}

const A = { aggregateType: 'Order', aggregateId: 'a' };
const B = { aggregateType: 'Order', aggregateId: 'b' };
const ev = (type: string, payload: Record<string, unknown> = {}, id?: string) => ({ type, payload, ...(id ? { id } : {}) });

describe.each(factories)('event driver contract: $name', (factory) => {
  const open = async () => {
    const opened = await factory.open();
    return { log: new EventLog(opened.driver), driver: opened.driver, reopen: opened.reopen };
  };

  it('numbers versions per stream and positions globally, with no gaps', async () => {
    const { log } = await open();
    const first = await log.append(A, [ev('OrderPlaced'), ev('OrderPaid')]);
    const second = await log.append(B, [ev('OrderPlaced')]);
    const third = await log.append(A, [ev('OrderShipped')]);
    expect(first.events.map((e) => [e.version, e.position])).toEqual([
      [1, 1],
      [2, 2],
    ]);
    expect(second.events.map((e) => [e.version, e.position])).toEqual([[1, 3]]);
    expect(third.events.map((e) => [e.version, e.position])).toEqual([[3, 4]]);
    expect(third.version).toBe(3);
    expect(await log.head()).toBe(4);
    expect(await log.streamVersion(A)).toBe(3);
    expect(await log.streamVersion({ aggregateType: 'Order', aggregateId: 'none' })).toBe(0);
    const stored = third.events[0];
    expect(stored).toMatchObject({ aggregateType: 'Order', aggregateId: 'a', type: 'OrderShipped', payload: {}, schemaVersion: 1 });
    expect(stored?.id).toMatch(/^[0-9A-Z]{26}$/);
    expect(Number.isNaN(Date.parse(stored?.created ?? ''))).toBe(false);
  });

  it('enforces a numeric expectedVersion and reports expected and actual', async () => {
    const { log } = await open();
    await log.append(A, [ev('OrderPlaced')], { expectedVersion: 0 });
    await log.append(A, [ev('OrderPaid')], { expectedVersion: 1 });
    const error = await failure(log.append(A, [ev('OrderShipped')], { expectedVersion: 1 }));
    expect(error.code).toBe('conflict');
    expect(error.details).toMatchObject({ expected: 1, actual: 2 });
    expect(await log.head()).toBe(2);
  });

  it('enforces no_stream, exists and any', async () => {
    const { log } = await open();
    expect((await failure(log.append(A, [ev('OrderShipped')], { expectedVersion: 'exists' }))).details).toMatchObject({
      expected: 'exists',
      actual: 0,
    });
    expect((await log.append(A, [ev('OrderPlaced')], { expectedVersion: 'no_stream' })).version).toBe(1);
    const again = await failure(log.append(A, [ev('OrderPlaced')], { expectedVersion: 'no_stream' }));
    expect(again).toMatchObject({ code: 'conflict', details: { expected: 'no_stream', actual: 1 } });
    expect((await log.append(A, [ev('OrderPaid')], { expectedVersion: 'exists' })).version).toBe(2);
    expect((await log.append(A, [ev('OrderNoted')], { expectedVersion: 'any' })).version).toBe(3);
    expect((await log.append(B, [ev('OrderNoted')], { expectedVersion: 'any' })).version).toBe(1);
    expect(await log.head()).toBe(4);
  });

  it('rejects bad input naming the field, and writes nothing', async () => {
    const { log } = await open();
    expect(await failure(log.append(A, []))).toMatchObject({ code: 'validation_failed', details: { field: 'events' } });
    expect(await failure(log.append(A, [{ type: '' }]))).toMatchObject({ code: 'validation_failed', details: { field: 'events.0.type' } });
    expect(await failure(log.append({ aggregateType: 'Order', aggregateId: 'has space' }, [ev('X')]))).toMatchObject({
      details: { field: 'aggregateId' },
    });
    expect(await failure(log.append(A, [ev('X')], { expectedVersion: -1 }))).toMatchObject({ details: { field: 'expectedVersion' } });
    expect(await failure(log.append(A, [ev('X', {}, 'same'), ev('Y', {}, 'same')]))).toMatchObject({ details: { field: 'events.1.id' } });
    expect(await log.head()).toBe(0);
  });

  it('appends a batch atomically: of two racing batches expecting the same version, one lands whole and the other not at all', async () => {
    const { log } = await open();
    const batch = (tag: string) => Array.from({ length: 50 }, (_, i) => ev('Line', { n: i, batch: tag }));
    const results = await Promise.allSettled([log.append(A, batch('x'), { expectedVersion: 0 }), log.append(A, batch('y'), { expectedVersion: 0 })]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const events = await log.read(A);
    expect(events).toHaveLength(50);
    expect(new Set(events.map((e) => e.payload.batch)).size).toBe(1);
    expect(events.map((e) => e.version)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('deduplicates an append retried with the same ids and content, also after a restart', async () => {
    const { log, reopen } = await open();
    const batch = [ev('OrderPlaced', { orderId: 'a', total: 3, lines: { x: 1, y: 2 } }, 'evt-1'), ev('OrderPaid', { orderId: 'a' }, 'evt-2')];
    const first = await log.append(A, batch, { expectedVersion: 'no_stream' });
    expect(first.deduplicated).toBe(false);
    const retry = await log.append(A, batch, { expectedVersion: 'no_stream' });
    expect(retry.deduplicated).toBe(true);
    expect(retry.events.map((e) => e.position)).toEqual(first.events.map((e) => e.position));
    const restarted = new EventLog(await reopen());
    // Same content with keys in another order is the same event.
    const reordered = [ev('OrderPlaced', { lines: { y: 2, x: 1 }, total: 3, orderId: 'a' }, 'evt-1'), ev('OrderPaid', { orderId: 'a' }, 'evt-2')];
    const afterRestart = await restarted.append(A, reordered, { expectedVersion: 'no_stream' });
    expect(afterRestart).toMatchObject({ deduplicated: true, version: 2 });
    expect(afterRestart.events.map((e) => [e.id, e.position, e.version])).toEqual([
      ['evt-1', 1, 1],
      ['evt-2', 2, 2],
    ]);
    expect(await restarted.head()).toBe(2);
  });

  it('refuses an id seen before with other content, or a batch only partly seen', async () => {
    const { log } = await open();
    await log.append(A, [ev('OrderPlaced', { total: 3 }, 'evt-1')]);
    expect(await failure(log.append(A, [ev('OrderPlaced', { total: 4 }, 'evt-1')]))).toMatchObject({
      code: 'idempotency_conflict',
      details: { id: 'evt-1' },
    });
    expect(await failure(log.append(B, [ev('OrderPlaced', { total: 3 }, 'evt-1')]))).toMatchObject({ code: 'idempotency_conflict' });
    expect(await failure(log.append(A, [ev('OrderPlaced', { total: 3 }, 'evt-1'), ev('OrderPaid', {}, 'evt-2')]))).toMatchObject({
      code: 'idempotency_conflict',
      details: { id: 'evt-2' },
    });
    expect(await log.head()).toBe(1);
  });

  it('reads a stream forward, backward, between versions, with a limit', async () => {
    const { log } = await open();
    await log.append(
      A,
      Array.from({ length: 10 }, (_, i) => ev('Step', { n: i + 1 })),
    );
    await log.append(B, [ev('Other')]);
    const versions = (events: Array<{ version: number }>) => events.map((e) => e.version);
    expect(versions(await log.read(A))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(versions(await log.read(A, { direction: 'backward', limit: 3 }))).toEqual([10, 9, 8]);
    expect(versions(await log.read(A, { fromVersion: 4, toVersion: 6 }))).toEqual([4, 5, 6]);
    expect(versions(await log.read(A, { fromVersion: 4, toVersion: 6, direction: 'backward' }))).toEqual([6, 5, 4]);
    expect(versions(await log.read(A, { fromVersion: 8, limit: 2 }))).toEqual([8, 9]);
    expect(await log.read({ aggregateType: 'Order', aggregateId: 'none' })).toEqual([]);
  });

  it('reads all events from a position, filtered by types, aggregate type and correlation, page by page', async () => {
    const { log } = await open();
    for (let i = 0; i < 30; i++) {
      const stream = { aggregateType: i % 3 === 0 ? 'Invoice' : 'Order', aggregateId: `s${i % 5}` };
      await log.append(stream, [ev(i % 2 === 0 ? 'Even' : 'Odd', { i })], { metadata: { correlationId: i < 10 ? 'first-ten' : 'rest' } });
    }
    const all = await log.readAll({ limit: 1000 });
    expect(all.events.map((e) => e.position)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(all.next).toBeNull();
    const evenOrders = await log.readAll({ types: ['Even'], aggregateType: 'Order', after: 10 });
    expect(evenOrders.events.map((e) => e.payload.i)).toEqual([10, 14, 16, 20, 22, 26, 28]);
    expect((await log.readAll({ correlationId: 'first-ten' })).events).toHaveLength(10);
    const backward = await log.readAll({ direction: 'backward', limit: 3 });
    expect(backward.events.map((e) => e.position)).toEqual([30, 29, 28]);
    expect((await log.readAll({ direction: 'backward', after: backward.next ?? 0, limit: 2 })).events.map((e) => e.position)).toEqual([27, 26]);
    const seen: number[] = [];
    let after = 0;
    for (let page = await log.readAll({ types: ['Odd'], limit: 4 }); ; page = await log.readAll({ types: ['Odd'], limit: 4, after })) {
      seen.push(...page.events.map((e) => e.payload.i as number));
      if (page.next === null) break;
      after = page.next;
    }
    expect(seen).toEqual([1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29]);
  });

  it('indexes payload fields ending in Id or _id, and answers query and latest from them', async () => {
    const { log } = await open();
    const price = (type: string, store_id: string, product_id: string | number, price: number) =>
      ev(type, { store_id, product_id, price, name: 'x' });
    await log.append({ aggregateType: 'Price', aggregateId: 'p1' }, [price('PriceLowered', 's1', 'p1', 9)]);
    await log.append({ aggregateType: 'Price', aggregateId: 'p2' }, [price('PriceRaised', 's1', 'p2', 12)]);
    await log.append({ aggregateType: 'Price', aggregateId: 'p1' }, [price('PriceRaised', 's2', 'p1', 11)]);
    await log.append({ aggregateType: 'Price', aggregateId: 'p1' }, [price('PriceLowered', 's1', 'p1', 8)]);
    await log.append({ aggregateType: 'Price', aggregateId: '7' }, [price('PriceLowered', 's1', 7, 1)]);
    await log.append({ aggregateType: 'Customer', aggregateId: 'c1' }, [ev('CustomerMoved', { customerId: 'c1', city: 'Lyon' })]);

    const ofP1 = await log.query({ tag: { product_id: 'p1' } });
    expect(ofP1.events.map((e) => e.payload.price)).toEqual([9, 11, 8]);
    expect((await log.query({ tag: { product_id: 'p1', store_id: 's1' } })).events.map((e) => e.payload.price)).toEqual([9, 8]);
    expect((await log.query({ tag: { store_id: 's1' }, types: ['PriceRaised'] })).events.map((e) => e.payload.price)).toEqual([12]);
    expect((await log.query({ tag: { store_id: 's1' }, after: 2 })).events.map((e) => e.position)).toEqual([4, 5]);
    expect((await log.query({ tag: { product_id: 7 } })).events.map((e) => e.payload.price)).toEqual([1]);
    expect((await log.query({ tag: { customerId: 'c1' } })).events.map((e) => e.type)).toEqual(['CustomerMoved']);
    const paged = await log.query({ tag: { store_id: 's1' }, limit: 2 });
    expect(paged.next).toBe(2);
    expect((await log.latest({ type: 'PriceLowered', tag: { product_id: 'p1' } }))?.payload.price).toBe(8);
    expect((await log.latest({ type: 'PriceRaised', tag: { product_id: 'p1' } }))?.payload.price).toBe(11);
    expect((await log.latest({ type: 'PriceRaised' }))?.payload.price).toBe(11);
    expect(await log.latest({ type: 'PriceRaised', tag: { product_id: 'p9' } })).toBeUndefined();
    expect(await failure(log.query({ tag: { name: 'x' } }))).toMatchObject({ code: 'validation_failed' });
  });

  it('finds every tagged event, however many were appended and across a restart', async () => {
    const { log, reopen } = await open();
    for (let batch = 0; batch < 7; batch++) {
      const events = Array.from({ length: 250 }, (_, i) =>
        ev('Scanned', { item_id: `i-${(batch * 250 + i) % 10}`, shelfId: `s-${batch}`, n: batch * 250 + i }),
      );
      await log.append({ aggregateType: 'Shelf', aggregateId: `s-${batch}` }, events);
    }
    const item3 = await log.query({ tag: { item_id: 'i-3' }, limit: 1000 });
    expect(item3.events.map((e) => e.payload.n)).toEqual(Array.from({ length: 175 }, (_, i) => i * 10 + 3));
    await log.append({ aggregateType: 'Shelf', aggregateId: 's-9' }, [ev('Scanned', { item_id: 'i-3', shelfId: 's-9', n: 1750 })]);
    const restarted = new EventLog(await reopen());
    expect((await restarted.query({ tag: { shelfId: 's-6' }, limit: 1000 })).events).toHaveLength(250);
    expect((await restarted.latest({ type: 'Scanned', tag: { item_id: 'i-3' } }))?.payload.n).toBe(1750);
    expect((await restarted.query({ tag: { item_id: 'i-3', shelfId: 's-9' } })).events.map((e) => e.position)).toEqual([1751]);
  });

  it('lists streams by prefix, page by page', async () => {
    const { log } = await open();
    for (const id of ['o-1', 'o-2', 'o-3', 'x-1']) await log.append({ aggregateType: 'Order', aggregateId: id }, [ev('E'), ev('F')]);
    await log.append({ aggregateType: 'Invoice', aggregateId: 'i-1' }, [ev('E')]);
    await log.append({ aggregateType: 'Ordering', aggregateId: 'z' }, [ev('E')]);
    const first = await log.streams({ prefix: 'Order/o', limit: 2 });
    expect(first.streams.map((s) => s.id)).toEqual(['o-1', 'o-2']);
    expect(first.streams[0]).toMatchObject({ type: 'Order', version: 2 });
    expect(first.streams[0]?.lastEventAt).toBeTruthy();
    const second = await log.streams({ prefix: 'Order/o', limit: 2, cursor: first.next ?? '' });
    expect(second.streams.map((s) => s.id)).toEqual(['o-3']);
    expect(second.next).toBeNull();
    expect((await log.streams({ prefix: 'Order/' })).streams).toHaveLength(4);
    expect((await log.streams({ prefix: 'Order' })).streams).toHaveLength(5);
    expect((await log.streams()).streams).toHaveLength(6);
  });

  it('keeps snapshots, checkpoints and parked events, across a restart', async () => {
    const { driver, reopen } = await open();
    await driver.saveSnapshot({ ...A, version: 5, aggregateVersion: 1, state: { n: 5 }, created: '2026-01-01T00:00:00.000Z' });
    await driver.saveSnapshot({ ...B, version: 3, aggregateVersion: 2, state: { n: 3 }, created: '2026-01-01T00:00:00.000Z' });
    await driver.setCheckpoint({ name: 'projection:x', position: 7, version: 2, updated: '2026-01-01T00:00:00.000Z' });
    const error = { code: 'boom', message: 'Boom', details: null };
    await driver.park({ id: 'w:e1', consumer: 'workflow:w', eventId: 'e1', position: 4, attempts: 4, error, parkedAt: '2026-01-01T00:00:00.000Z' });
    await driver.park({ id: 'v:e2', consumer: 'workflow:v', eventId: 'e2', position: 2, attempts: 4, error, parkedAt: '2026-01-01T00:00:00.000Z' });
    // An older snapshot never replaces a newer one of the same aggregate version.
    await driver.saveSnapshot({ ...A, version: 4, aggregateVersion: 1, state: { n: 4 }, created: '2026-01-01T00:00:00.000Z' });
    const again = await reopen();
    expect(await again.getSnapshot(A)).toMatchObject({ version: 5, aggregateVersion: 1, state: { n: 5 } });
    expect(await again.staleSnapshots('Order', 2)).toEqual(['a']);
    expect(await again.deleteSnapshots('Order', 'a')).toBe(1);
    expect(await again.getSnapshot(A)).toBeUndefined();
    expect(await again.deleteSnapshots('Order')).toBe(1);
    expect(await again.getCheckpoint('projection:x')).toMatchObject({ position: 7, version: 2 });
    expect(await again.getCheckpoint('projection:y')).toBeUndefined();
    expect(await again.deleteCheckpoint('projection:x')).toBe(true);
    expect(await again.getCheckpoint('projection:x')).toBeUndefined();
    expect(await again.deleteCheckpoint('projection:x')).toBe(false);
    expect((await again.listParked()).map((p) => p.id)).toEqual(['v:e2', 'w:e1']);
    expect((await again.listParked('workflow:w')).map((p) => p.eventId)).toEqual(['e1']);
    expect(await again.getParked('w:e1')).toMatchObject({ attempts: 4, error });
    expect(await again.removeParked('w:e1')).toBe(true);
    expect(await again.removeParked('w:e1')).toBe(false);
  });

  it('keeps a pause with its checkpoint, across a restart, whatever saves the position', async () => {
    const { driver, reopen } = await open();
    const paused = { kind: 'paused' as const, reason: 'fixing the mailer', since: '2026-01-02T00:00:00.000Z' };
    expect(await driver.setPause('workflow:w', paused)).toBe(false);
    expect(await driver.getCheckpoint('workflow:w')).toBeUndefined();
    await driver.setCheckpoint({ name: 'workflow:w', position: 3, version: 1, updated: '2026-01-01T00:00:00.000Z' });
    expect(await driver.getCheckpoint('workflow:w')).not.toHaveProperty('pause');
    expect(await driver.setPause('workflow:w', paused)).toBe(true);
    // Saving the position, as the claim's holder or not, leaves the pause as it is.
    await driver.setCheckpoint({ name: 'workflow:w', position: 4, version: 1, updated: '2026-01-01T00:00:01.000Z' });
    const claim = driver.claim('workflow:w');
    expect(await claim.acquire()).toBe(true);
    await claim.saveCheckpoint({ name: 'workflow:w', position: 5, version: 1, updated: '2026-01-01T00:00:02.000Z' });
    await claim.release();
    const again = await reopen();
    expect(await again.getCheckpoint('workflow:w')).toEqual({
      name: 'workflow:w',
      position: 5,
      version: 1,
      updated: '2026-01-01T00:00:02.000Z',
      pause: paused,
    });
    const parked = { kind: 'parked' as const, reason: 'causation_depth: too deep', since: '2026-01-03T00:00:00.000Z' };
    expect(await again.setPause('workflow:w', parked)).toBe(true);
    expect((await again.getCheckpoint('workflow:w'))?.pause).toEqual(parked);
    expect(await again.setPause('workflow:w', null)).toBe(true);
    expect(await again.getCheckpoint('workflow:w')).toEqual({ name: 'workflow:w', position: 5, version: 1, updated: '2026-01-01T00:00:02.000Z' });
    await again.setPause('workflow:w', paused);
    expect(await again.deleteCheckpoint('workflow:w')).toBe(true);
    await again.setCheckpoint({ name: 'workflow:w', position: 0, version: 1, updated: '2026-01-04T00:00:00.000Z' });
    expect(await again.getCheckpoint('workflow:w')).not.toHaveProperty('pause');
  });

  it('gives concurrent appends to many streams distinct, gapless positions', async () => {
    const { log } = await open();
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        log.append({ aggregateType: 'Counter', aggregateId: `c${i % 6}` }, [ev('Tick', { i }), ev('Tock', { i })]),
      ),
    );
    const positions = results.flatMap((r) => r.events.map((e) => e.position)).sort((a, b) => a - b);
    expect(positions).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    const all = await log.readAll({ limit: 1000 });
    expect(all.events.map((e) => e.position)).toEqual(positions);
    for (let c = 0; c < 6; c++) {
      expect((await log.read({ aggregateType: 'Counter', aggregateId: `c${c}` })).map((e) => e.version)).toEqual(
        Array.from({ length: 20 }, (_, i) => i + 1),
      );
    }
  });

  it('checks each of the appends asked for together on its own, and keeps them all across a restart begun before they answered', async () => {
    const { log, reopen } = await open();
    const asked = [
      log.append(A, [ev('OrderPlaced')], { expectedVersion: 0 }),
      log.append(A, [ev('OrderPlaced')], { expectedVersion: 0 }),
      log.append(B, [ev('OrderPlaced')], { expectedVersion: 0 }),
      log.append(A, [ev('OrderPaid')], { expectedVersion: 1 }),
    ];
    const settling = Promise.allSettled(asked);
    const restarted = new EventLog(await reopen());
    const settled = await settling;
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(isPatternError((settled[1] as PromiseRejectedResult).reason) && (settled[1] as PromiseRejectedResult).reason.code).toBe('conflict');
    expect((await restarted.read(A)).map((e) => [e.type, e.version])).toEqual([
      ['OrderPlaced', 1],
      ['OrderPaid', 2],
    ]);
    expect((await restarted.readAll({ limit: 10 })).events.map((e) => e.position)).toEqual([1, 2, 3]);
  });

  it('lets one consumer of a name hold its claim at a time, and save checkpoints only while it does', async () => {
    const { driver } = await open();
    const first = driver.claim('projection:totals');
    const second = driver.claim('projection:totals');
    const other = driver.claim('projection:other');
    expect(first.held).toBe(false);
    expect(await first.acquire()).toBe(true);
    expect(await first.acquire()).toBe(true);
    expect(await second.acquire()).toBe(false);
    expect(await other.acquire()).toBe(true);
    await first.saveCheckpoint({ name: 'projection:totals', position: 3, version: 1, updated: '2026-01-01T00:00:00.000Z' });
    expect(await driver.getCheckpoint('projection:totals')).toMatchObject({ position: 3 });
    expect(
      (await failure(second.saveCheckpoint({ name: 'projection:totals', position: 9, version: 1, updated: '2026-01-01T00:00:00.000Z' }))).code,
    ).toBe('conflict');
    expect(await driver.getCheckpoint('projection:totals')).toMatchObject({ position: 3 });
    await first.release();
    expect(first.held).toBe(false);
    expect(await second.acquire()).toBe(true);
    expect(await first.acquire()).toBe(false);
    await Promise.all([second.release(), other.release()]);
  });
});
