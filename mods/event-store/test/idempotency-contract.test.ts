import { isPatternError } from '@pattern/core';
import { freshSchema } from '@pattern/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createPostgresDriver, EventLog } from '../src/index.ts';
import { KEPT_APPEND_TTL_MS } from '../src/log/kept-appends.ts';
import { closeDrivers, factories } from './driver-factories.ts';

/** Appends under an idempotency key happen once, on every driver: what a durable run's re-run relies on. */

afterEach(closeDrivers);

const A = { aggregateType: 'Order', aggregateId: 'a' };
const B = { aggregateType: 'Order', aggregateId: 'b' };
const ev = (type: string, payload: Record<string, unknown> = {}) => ({ type, payload });
const once = (name: string) => ({ idempotencyKey: `run-1:${name}` });

describe.each(factories)('event idempotency contract: $name', (factory) => {
  const open = async () => {
    const opened = await factory.open();
    return { log: new EventLog(opened.driver), driver: opened.driver, reopen: opened.reopen };
  };

  it('a second append under the key writes nothing and answers the events the first one wrote', async () => {
    const { log } = await open();
    const first = await log.append(A, [ev('OrderPlaced', { total: 1 }), ev('OrderPaid')], { expectedVersion: 'no_stream', ...once('place') });
    expect(first).toMatchObject({ version: 2, deduplicated: false });
    // Given other events, another stream and a version that no longer holds: the kept append is the answer still.
    const again = await log.append(B, [ev('OrderPlaced', { total: 2 })], { expectedVersion: 'no_stream', ...once('place') });
    expect(again).toEqual({ ...first, deduplicated: true });
    const third = await log.append(A, [ev('OrderPlaced', { total: 1 }), ev('OrderPaid')], { expectedVersion: 'no_stream', ...once('place') });
    expect(third).toEqual(again);
    expect(await log.head()).toBe(2);
    expect(await log.streamVersion(B)).toBe(0);
  });

  it('answers the kept append even to events whose ids were appended before with other content', async () => {
    const { log } = await open();
    const first = await log.append(A, [{ id: 'evt-1', type: 'OrderPlaced', payload: { total: 1 } }], once('place'));
    const again = await log.append(A, [{ id: 'evt-1', type: 'OrderPlaced', payload: { total: 2 } }], once('place'));
    expect(again).toEqual({ ...first, deduplicated: true });
  });

  it('remembers the append across a restart, and reads it back by its key', async () => {
    const { log, reopen } = await open();
    const first = await log.append(A, [ev('OrderPlaced')], once('place'));
    await log.append(A, [ev('OrderNoted')]);
    const driver = await reopen();
    expect(await driver.keptAppend('run-1:place')).toEqual({ ...first, deduplicated: true });
    expect(await driver.keptAppend('run-1:other')).toBeUndefined();
    expect(await new EventLog(driver).append(A, [ev('OrderPlaced')], once('place'))).toEqual({ ...first, deduplicated: true });
    expect(await driver.head()).toBe(2);
  });

  it('other keys, and appends without a key, write each time', async () => {
    const { log } = await open();
    await log.append(A, [ev('OrderNoted')], once('a'));
    await log.append(A, [ev('OrderNoted')], once('b'));
    await log.append(A, [ev('OrderNoted')]);
    await log.append(A, [ev('OrderNoted')]);
    expect(await log.streamVersion(A)).toBe(4);
  });

  it('an append that fails on its expected version keeps nothing, so running it again under the key appends', async () => {
    const { log, driver } = await open();
    await log.append(A, [ev('OrderPlaced')]);
    const error = await log.append(A, [ev('OrderPlaced')], { expectedVersion: 'no_stream', ...once('start') }).catch((e: unknown) => e);
    expect(isPatternError(error) && error.code).toBe('conflict');
    expect(await driver.keptAppend('run-1:start')).toBeUndefined();
    expect(await log.append(A, [ev('OrderPaid')], { expectedVersion: 1, ...once('start') })).toMatchObject({ version: 2, deduplicated: false });
  });

  it('many appends under one key at once make one append, and all answer it', async () => {
    const { log } = await open();
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => log.append(A, [ev('OrderNoted', { by: i })], once('race'))));
    expect(await log.head()).toBe(1);
    const [written] = results.filter((result) => !result.deduplicated);
    expect(results.filter((result) => !result.deduplicated)).toHaveLength(1);
    for (const result of results) expect(result.events).toEqual(written?.events);
  });

  it('forgets appends older than a day when pruned; the key is then free again', async () => {
    const { log, driver } = await open();
    await log.append(A, [ev('OrderNoted')], once('old'));
    expect(await driver.pruneResults(Date.now() - KEPT_APPEND_TTL_MS)).toBe(0);
    expect(await driver.pruneResults(Date.now() + 60_000)).toBe(1);
    expect(await log.append(A, [ev('OrderNoted')], once('old'))).toMatchObject({ version: 2, deduplicated: false });
  });

  it('refuses an empty key or one with NUL, naming the field', async () => {
    const { log } = await open();
    for (const idempotencyKey of ['', 'a\0b']) {
      const error = await log.append(A, [ev('OrderNoted')], { idempotencyKey }).catch((e: unknown) => e);
      expect(isPatternError(error) && error.code).toBe('validation_failed');
      expect(isPatternError(error) && error.message).toContain('idempotencyKey');
    }
    expect(await log.head()).toBe(0);
  });
});

describe('appends under one key from two servers on one PostgreSQL schema', () => {
  it('make one append, and both answer it', async () => {
    const schema = await freshSchema('events_keyed_race');
    const drivers = await Promise.all([createPostgresDriver(schema.url), createPostgresDriver(schema.url)]);
    try {
      const logs = drivers.map((driver) => new EventLog(driver));
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) => logs[i % 2]?.append(A, [ev('OrderNoted', { by: i })], once(`node${i % 10}`))),
      );
      expect(await logs[0]?.head()).toBe(10);
      for (let i = 0; i < 40; i++) expect(results[i]?.events).toEqual(results[i % 10]?.events);
    } finally {
      await Promise.all(drivers.map((driver) => driver.close()));
      await schema.drop();
    }
  });
});
