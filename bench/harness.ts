/** One figure of `npm run bench`. A ratio is always against a baseline measured in the same run. */
export interface BenchRow {
  group: string;
  name: string;
  value: number;
  unit: string;
  /** The baseline's figure, in the same unit. */
  baseline?: number;
  baselineName?: string;
  /** value ÷ baseline for throughputs; what "good" means is said by `target`. */
  ratio?: number;
  target?: string;
  /** Whether the figure meets its target, when there is one. */
  met?: boolean;
}

export type BenchSuite = () => Promise<BenchRow[]>;

/** Runs `fn` repeatedly for about `ms` milliseconds (after a warm-up) and returns operations per second. */
export async function opsPerSecond(fn: () => unknown, ms = 1000, warmup = 200): Promise<number> {
  const until = (deadline: number) => async () => {
    let count = 0;
    while (performance.now() < deadline) {
      await fn();
      count++;
    }
    return count;
  };
  await until(performance.now() + warmup)();
  const start = performance.now();
  const count = await until(start + ms)();
  return (count * 1000) / (performance.now() - start);
}
