import { join } from 'node:path';
import { freshSchema, tempDir } from '@pattern/testing';
import { createMemoryDriver, createPostgresDriver, createSqliteDriver, type EventDriver } from '../src/index.ts';

/** Every event driver, opened fresh for one test: what the contract suites run against. */

export interface DriverFactory {
  name: string;
  /** Opens a driver; `reopen` closes it and opens the same data again, as a restart does (memory keeps the instance). */
  open(): Promise<{ driver: EventDriver; reopen(): Promise<EventDriver> }>;
}

const cleanups: Array<() => Promise<void>> = [];

/** Closes every driver the factories opened (and drops their schemas); for `afterEach`. */
export async function closeDrivers(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
}

export const factories: DriverFactory[] = [
  {
    name: 'memory',
    open: async () => {
      const driver = createMemoryDriver();
      return { driver, reopen: async () => driver };
    },
  },
  {
    name: 'sqlite',
    open: async () => {
      const file = join(tempDir(), 'events.db');
      let driver = createSqliteDriver(file);
      cleanups.push(() => driver.close());
      return {
        driver,
        reopen: async () => {
          await driver.close();
          driver = createSqliteDriver(file);
          return driver;
        },
      };
    },
  },
  {
    name: 'postgres',
    open: async () => {
      const schema = await freshSchema('events_test');
      let driver = await createPostgresDriver(schema.url);
      cleanups.push(schema.drop, () => driver.close());
      return {
        driver,
        reopen: async () => {
          await driver.close();
          driver = await createPostgresDriver(schema.url);
          return driver;
        },
      };
    },
  },
];
