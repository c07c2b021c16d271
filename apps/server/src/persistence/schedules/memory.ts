import type { ScheduleStore } from '../../schedules/schedule-store.ts';

/** Paused workflows and ticks in memory, for tests and `storage: "memory"`: one server, nothing shared. */
export function createMemoryScheduleStore(): ScheduleStore {
  const paused = new Set<string>();
  const ticks = new Map<string, { last: number; count: number }>();
  const claims = new Map<string, number>();
  return {
    async paused() {
      return [...paused];
    },
    async isActive(id) {
      return !paused.has(id);
    },
    async setActive(id, active) {
      if (active) paused.delete(id);
      else paused.add(id);
    },
    async claim(wanted) {
      const won = new Map<string, number>();
      const now = Date.now();
      for (const { workflowId, at } of wanted) {
        const key = `${workflowId}\u0000${at}`;
        const state = ticks.get(workflowId);
        if (claims.has(key) || (state && state.last >= at)) continue;
        claims.set(key, now);
        const count = (state?.count ?? 0) + 1;
        ticks.set(workflowId, { last: at, count });
        won.set(workflowId, count);
      }
      return won;
    },
    async lastTick(id) {
      return ticks.get(id)?.last;
    },
    async baseline(id, at) {
      if (!ticks.has(id)) ticks.set(id, { last: at, count: 0 });
    },
    async waive(id, at) {
      const state = ticks.get(id);
      if (!state) ticks.set(id, { last: at, count: 0 });
      else if (state.last < at) state.last = at;
    },
    async prune(before) {
      for (const [key, claimedAt] of claims) if (claimedAt < before) claims.delete(key);
    },
    async forget(id) {
      paused.delete(id);
      ticks.delete(id);
      for (const key of claims.keys()) if (key.startsWith(`${id}\u0000`)) claims.delete(key);
    },
    async close() {},
  };
}
