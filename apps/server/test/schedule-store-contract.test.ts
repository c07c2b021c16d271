import { join } from 'node:path';
import { createPool } from '@pattern/postgres';
import { freshSchema, tempDir } from '@pattern/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/persistence/database.ts';
import { createMemoryScheduleStore } from '../src/persistence/schedules/memory.ts';
import { createPostgresScheduleStore } from '../src/persistence/schedules/postgres.ts';
import { createSqliteScheduleStore } from '../src/persistence/schedules/sqlite.ts';
import type { ScheduleStore } from '../src/schedules/schedule-store.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const drivers: Record<string, () => Promise<ScheduleStore>> = {
  memory: async () => createMemoryScheduleStore(),
  sqlite: async () => {
    const db = openDatabase(join(tempDir(), 'pattern.db'));
    cleanups.push(async () => {
      db.close();
    });
    return createSqliteScheduleStore(db);
  },
  postgres: async () => {
    const schema = await freshSchema('schedule_store');
    const pool = createPool(schema.url, 4);
    const store = await createPostgresScheduleStore(pool);
    cleanups.push(
      schema.drop,
      () => pool.end(),
      () => store.close(),
    );
    return store;
  },
};

describe.each(Object.keys(drivers))('the %s schedule store', (name) => {
  const open = drivers[name] as () => Promise<ScheduleStore>;

  it('keeps paused workflows; a workflow without a state is active', async () => {
    const store = await open();
    expect(await store.isActive('a')).toBe(true);
    await store.setActive('a', false);
    await store.setActive('b', false);
    await store.setActive('b', true);
    expect(await store.paused()).toEqual(['a']);
    expect(await store.isActive('a')).toBe(false);
    expect(await store.isActive('b')).toBe(true);
  });

  it('claims each tick once, never one older than the last, and counts the ticks it gave out', async () => {
    const store = await open();
    expect(await store.claim([])).toEqual(new Map());
    expect(
      await store.claim([
        { workflowId: 'a', at: 1000 },
        { workflowId: 'b', at: 1000 },
      ]),
    ).toEqual(
      new Map([
        ['a', 1],
        ['b', 1],
      ]),
    );
    expect(await store.claim([{ workflowId: 'a', at: 1000 }])).toEqual(new Map());
    expect(await store.claim([{ workflowId: 'a', at: 2000 }])).toEqual(new Map([['a', 2]]));
    expect(await store.claim([{ workflowId: 'a', at: 1500 }])).toEqual(new Map());
    expect(await store.lastTick('a')).toBe(2000);
    // Pruned claims no longer guard their tick; the last tick still does.
    await store.prune(Date.now() + 60_000);
    expect(await store.claim([{ workflowId: 'a', at: 2000 }])).toEqual(new Map());
    expect(await store.claim([{ workflowId: 'a', at: 3000 }])).toEqual(new Map([['a', 3]]));
  });

  it('sets a baseline only once, raises it only when told to, and forgets a deleted workflow', async () => {
    const store = await open();
    expect(await store.lastTick('a')).toBeUndefined();
    await store.baseline('a', 5000);
    await store.baseline('a', 9000);
    expect(await store.lastTick('a')).toBe(5000);
    await store.waive('a', 4000);
    expect(await store.lastTick('a')).toBe(5000);
    await store.waive('a', 8000);
    expect(await store.lastTick('a')).toBe(8000);
    expect(await store.claim([{ workflowId: 'a', at: 7000 }])).toEqual(new Map());
    expect(await store.claim([{ workflowId: 'a', at: 9000 }])).toEqual(new Map([['a', 1]]));
    await store.setActive('a', false);
    await store.forget('a');
    expect(await store.lastTick('a')).toBeUndefined();
    expect(await store.isActive('a')).toBe(true);
    expect(await store.claim([{ workflowId: 'a', at: 9000 }])).toEqual(new Map([['a', 1]]));
  });
});

describe('two PostgreSQL schedule stores on one database', () => {
  it('hand each of many ticks raced for at once to exactly one of them, and hear of each other’s pauses', async () => {
    const schema = await freshSchema('schedule_race');
    const pools = [createPool(schema.url, 4), createPool(schema.url, 4)];
    const [one, two] = await Promise.all(pools.map((pool) => createPostgresScheduleStore(pool)));
    cleanups.push(
      schema.drop,
      ...pools.map((pool) => () => pool.end()),
      () => (one as ScheduleStore).close(),
      () => (two as ScheduleStore).close(),
    );
    const a = one as ScheduleStore;
    const b = two as ScheduleStore;
    const ids = Array.from({ length: 40 }, (_, i) => `w${String(i).padStart(2, '0')}`);
    let won = 0;
    for (let at = 1000; at <= 10_000; at += 1000) {
      const batch = ids.map((workflowId) => ({ workflowId, at }));
      const [x, y] = await Promise.all([a.claim(batch), b.claim(batch)]);
      for (const id of ids) expect(Number(x.has(id)) + Number(y.has(id)), `${id} at ${at}`).toBe(1);
      won += x.size + y.size;
    }
    expect(won).toBe(ids.length * 10);

    const heard: string[] = [];
    b.watch?.((id) => heard.push(id));
    for (let i = 0; i < 200 && heard.length === 0; i++) {
      await a.setActive('w00', false);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(heard).toContain('w00');
    expect(await b.isActive('w00')).toBe(false);
  });
});
