import type { CounterDriver } from './driver.ts';

/** Counters in the process, gone when it ends: for tests and a server without a data dir. */
export function createMemoryDriver(): CounterDriver {
  const values = new Map<string, number>();
  return {
    increment: async (name, by) => {
      const value = (values.get(name) ?? 0) + by;
      values.set(name, value);
      return value;
    },
    value: async (name) => values.get(name) ?? 0,
    close: async () => {},
  };
}
