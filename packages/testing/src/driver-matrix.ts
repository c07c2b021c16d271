import { join } from 'node:path';
import { afterEach, describe } from 'vitest';
import { freshSchema } from './fresh-schema.ts';
import { tempDir } from './temp-dir.ts';

export type DriverName = 'memory' | 'sqlite' | 'postgres';

/** Opens the store on its data: called again, it opens the same data anew, as a restarted server would. */
export type OpenStore<T> = () => Promise<T>;

/** Runs `cleanups` after the test, last added first (a pool is ended before its schema is dropped). */
export type AddCleanup = (...cleanups: Array<() => unknown>) => void;

/** How each kind of storage opens the store under test, given the data it keeps. */
export interface DriverOpeners<T> {
  /** The prefix of each test's PostgreSQL schema, to tell whose a schema left behind is. */
  schema: string;
  /** Makes the store that keeps its data in memory: opening it again gives the same one. */
  memory(): T;
  /** A store on `file`, a SQLite file of the test's own. */
  sqlite(file: string, cleanup: AddCleanup): OpenStore<T>;
  /** A store on `url`, a PostgreSQL schema of the test's own. */
  postgres(url: string, cleanup: AddCleanup): OpenStore<T>;
}

/** Gives a test fresh data for one driver (an empty SQLite file, an empty schema), and what opens the store on it. */
export type DriverMatrix<T> = Record<DriverName, () => Promise<OpenStore<T>>>;

/**
 * The contract suite of a store, once for each driver: `suite` is called inside a describe named
 * by `title` (`%s` is the driver's name) with the driver's `fresh`, which each test calls for data
 * of its own; what the test opened is closed, and its data removed, after it. Returns the drivers,
 * for tests of one driver beside the suite.
 */
export function describeDrivers<T>(
  title: string,
  openers: DriverOpeners<T>,
  suite: (fresh: () => Promise<OpenStore<T>>, driver: DriverName) => void,
): DriverMatrix<T> {
  const cleanups: Array<() => unknown> = [];
  const cleanup: AddCleanup = (...added) => {
    cleanups.push(...added);
  };
  afterEach(async () => {
    for (const done of cleanups.splice(0).reverse()) await done();
  });
  const drivers: DriverMatrix<T> = {
    memory: async () => {
      const store = openers.memory();
      return async () => store;
    },
    sqlite: async () => openers.sqlite(join(tempDir(), 'pattern.db'), cleanup),
    postgres: async () => {
      const schema = await freshSchema(openers.schema);
      cleanup(schema.drop);
      return openers.postgres(schema.url, cleanup);
    },
  };
  describe.each(Object.keys(drivers) as DriverName[])(title, (driver) => suite(drivers[driver], driver));
  return drivers;
}
