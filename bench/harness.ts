/** One figure of `npm run bench`. A ratio is always against a baseline measured in the same run. */
export interface BenchRow {
  group: string;
  name: string;
  /** The figure itself: a median for latencies, a rate for throughputs. */
  value: number;
  unit: string;
  /** Beside every median: the slow tail and the slowest, in the same unit. */
  p99?: number;
  max?: number;
  /** The baseline's figure, in the same unit. */
  baseline?: number;
  baselineName?: string;
  /** value ÷ baseline; what "good" means is said by `target`. */
  ratio?: number;
  target?: string;
  /** Whether the figure meets its target, when there is one. */
  met?: boolean;
}

export type BenchSuite = () => Promise<BenchRow[]>;

/** `BENCH_QUICK=1` shortens every window (to a sixth, at least a second) for a quick look while developing. */
export const QUICK = process.env.BENCH_QUICK === '1';

/** A measuring window in milliseconds, shortened under `BENCH_QUICK`. */
export function windowMs(ms: number): number {
  return QUICK ? Math.max(1000, Math.round(ms / 6)) : ms;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Yields to the event loop as a server would between requests, so that timers (a history flush,
 * a checkpoint) fire inside the window and their cost lands in the figure.
 */
export const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Runs `fn` repeatedly for about `ms` milliseconds (after a warm-up) and returns operations per
 * second; with `yieldEach`, it yields to the event loop after every call.
 */
export async function opsPerSecond(fn: () => unknown, ms = 1000, warmup = 200, yieldEach = false): Promise<number> {
  const until = (deadline: number) => async () => {
    let count = 0;
    while (performance.now() < deadline) {
      await fn();
      if (yieldEach) await yieldToLoop();
      count++;
    }
    return count;
  };
  await until(performance.now() + warmup)();
  const start = performance.now();
  const count = await until(start + ms)();
  return (count * 1000) / (performance.now() - start);
}

export interface Spread {
  median: number;
  p99: number;
  max: number;
}

export function spread(values: readonly number[]): Spread {
  if (values.length === 0) return { median: Number.NaN, p99: Number.NaN, max: Number.NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
  return { median: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] as number };
}
