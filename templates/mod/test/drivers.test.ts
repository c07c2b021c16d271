import { join } from 'node:path';
import { freshSchema, tempDir } from '@pattern/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { CounterDriver } from '../src/drivers/driver.ts';
import { createMemoryDriver } from '../src/drivers/memory.ts';
import { createPostgresDriver } from '../src/drivers/postgres.ts';
import { createSqliteDriver } from '../src/drivers/sqlite.ts';

/** The contract every driver meets; a new driver joins this list and passes it unchanged. */
const drivers: Array<[string, () => Promise<CounterDriver>]> = [
  ['memory', async () => createMemoryDriver()],
  ['sqlite', async () => createSqliteDriver(join(tempDir(), 'counter.db'))],
  [
    'postgres',
    async () => {
      const schema = await freshSchema();
      cleanups.push(schema.drop);
      return createPostgresDriver(schema.url);
    },
  ],
];

const cleanups: Array<() => Promise<void>> = [];
let open: CounterDriver | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe.each(drivers)('the %s counter driver', (_name, create) => {
  it('starts a counter at 0 and adds to it', async () => {
    open = await create();
    expect(await open.value('visits')).toBe(0);
    expect(await open.increment('visits', 1)).toBe(1);
    expect(await open.increment('visits', 41)).toBe(42);
    expect(await open.value('visits')).toBe(42);
    expect(await open.value('other')).toBe(0);
  });

  it('loses no increment made at the same time', async () => {
    open = await create();
    const driver = open;
    await Promise.all(Array.from({ length: 20 }, () => driver.increment('hits', 1)));
    expect(await driver.value('hits')).toBe(20);
  });
});
