/**
 * Where counters live. Async even where the storage is synchronous (SQLite), so every driver
 * meets one contract and passes the same tests.
 */
export interface CounterDriver {
  /** Adds `by` to the counter (a missing one starts at 0) and answers its new value, atomically. */
  increment(name: string, by: number): Promise<number>;
  /** The counter's value; 0 for one never incremented. */
  value(name: string): Promise<number>;
  close(): Promise<void>;
}
