import type { RealtimeDriver } from './driver.ts';

/** One server in one process: every connection is local, so there is no one else to tell. */
export function createMemoryDriver(): RealtimeDriver {
  return {
    start: async () => {},
    publish: async () => {},
    held: async () => false,
    opened: async () => {},
    closed: async () => {},
    rooms: async () => {},
    others: async () => [],
    close: async () => {},
  };
}
