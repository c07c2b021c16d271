import type { RealtimeDriver } from './driver.ts';
import { createMemoryDriver } from './memory.ts';

/**
 * A SQLite file serves one server, and connections die with their server, so nothing is written:
 * every connection is this server's, as in memory.
 */
export function createSqliteDriver(): RealtimeDriver {
  return createMemoryDriver();
}
