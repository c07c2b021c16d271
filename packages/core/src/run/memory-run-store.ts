import { approximateBytes } from '../json/approximate-bytes.ts';
import type { NodeTrace, RunRecord, RunSummary } from './record.ts';
import { DEFAULT_RUN_PAGE, MAX_RUN_PAGE, type RunStore, summarize } from './run-store.ts';

export interface MemoryRunStoreOptions {
  /** How many runs to keep. */
  keep?: number;
  /**
   * About how many bytes of values (inputs, outputs, errors, node traces) to keep: past it the
   * oldest runs go, however few are kept. A run's values are kept whole, so without this a workflow
   * that passes large texts around would hold every one of `keep` runs' texts.
   */
  maxBytes?: number;
}

const DEFAULT_MEMORY_HISTORY_BYTES = 64 * 1024 * 1024;

interface Kept {
  run: RunRecord;
  bytes: number;
}

/** What a node trace takes besides its values: status, times, duration. */
const TRACE_BYTES = 96;

/**
 * A record's values, each counted up to the whole budget (a record larger than that goes anyway).
 * Of a node trace only the parts that hold values are walked: the rest is small and of fixed size,
 * and walking it too would near double what measuring adds to every node of every run.
 */
function recordBytes(run: RunRecord, limit: number): number {
  let total = approximateBytes(run.input, limit) + approximateBytes(run.output, limit) + approximateBytes(run.error, limit);
  for (const id in run.nodes) {
    const trace = run.nodes[id] as NodeTrace;
    total += TRACE_BYTES + id.length;
    if (trace.inputs !== undefined) total += approximateBytes(trace.inputs, limit);
    if (trace.outputs !== undefined) total += approximateBytes(trace.outputs, limit);
    if (trace.error !== undefined) total += approximateBytes(trace.error, limit);
    if (trace.logs !== undefined) total += approximateBytes(trace.logs, limit);
    if (trace.calls !== undefined) total += approximateBytes(trace.calls, limit);
    if (trace.children !== undefined) total += approximateBytes(trace.children, limit);
    if (trace.attempts !== undefined) total += approximateBytes(trace.attempts, limit);
    if (total > limit) break;
  }
  return total;
}

/** History in memory, the newest runs within `keep` and `maxBytes`; for tests, `storage: "memory"` and engines embedded without a store. */
export function createMemoryRunStore({ keep = 10_000, maxBytes = DEFAULT_MEMORY_HISTORY_BYTES }: MemoryRunStoreOptions = {}): RunStore {
  const runs = new Map<string, Kept>();
  let bytes = 0;
  // Run ids in the order of their first record, the oldest kept at `oldest`. A Map's own first key
  // would do, but reaching it walks past every entry deleted before it: thousands, at every save.
  let order: string[] = [];
  let oldest = 0;
  const records = () => Array.from(runs.values(), (kept) => kept.run);

  function prune(saved: string): void {
    while (runs.size > 1 && (runs.size > keep || bytes > maxBytes)) {
      const id = order[oldest++] as string;
      // The record just saved stays, so whoever saved it can read it back; it counts as recorded last.
      if (id === saved) order.push(id);
      else {
        bytes -= runs.get(id)?.bytes ?? 0;
        runs.delete(id);
      }
    }
    if (oldest > 1024 && oldest * 2 > order.length) {
      order = order.slice(oldest);
      oldest = 0;
    }
  }

  return {
    save(run) {
      // A later record replaces the earlier in place: a run keeps the place of its first record, and
      // the run first written longest ago goes first, as SQLite history prunes.
      const earlier = runs.get(run.id);
      const size = recordBytes(run, maxBytes);
      bytes += size - (earlier?.bytes ?? 0);
      runs.set(run.id, { run, bytes: size });
      if (!earlier) order.push(run.id);
      prune(run.id);
      return Promise.resolve();
    },
    async get(id) {
      return runs.get(id)?.run;
    },
    async list(query) {
      const limit = Math.min(Math.max(query.limit ?? DEFAULT_RUN_PAGE, 1), MAX_RUN_PAGE);
      const matching = records()
        .filter(
          (r) =>
            (query.workflowId === undefined || r.workflowId === query.workflowId) &&
            (query.status === undefined || r.status === query.status) &&
            (query.parentRunId === undefined || r.parentRunId === query.parentRunId) &&
            (!query.topLevel || r.parentRunId === undefined),
        )
        .filter((r) => query.cursor === undefined || r.id < query.cursor)
        .sort((a, b) => (a.id < b.id ? 1 : -1));
      const page = matching.slice(0, limit);
      return { runs: page.map(summarize), next: matching.length > limit ? (page[page.length - 1]?.id ?? null) : null };
    },
    async listRunning() {
      return records().filter((r) => r.status === 'running');
    },
    async latestByWorkflow() {
      const latest: Record<string, RunSummary> = {};
      for (const run of records()) {
        if (run.workflowId === undefined) continue;
        const seen = latest[run.workflowId];
        if (!seen || seen.id < run.id) latest[run.workflowId] = summarize(run);
      }
      return latest;
    },
    async flush() {},
    async close() {},
  };
}
