import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import { z } from 'zod';

/** The sampling timer's period: a stall shows as a tick this much later than due, or more. */
const RESOLUTION_MS = 5;

export const LoopStatsSchema = z.object({
  p50Ms: z.number(),
  p90Ms: z.number(),
  p99Ms: z.number(),
  maxMs: z.number(),
  meanMs: z.number(),
  samples: z.number().int().describe('How many ticks of the sampling timer were measured.'),
  sinceMs: z.number().describe('How long ago the window began: the server’s start or the last reset.'),
});

export type LoopStats = z.infer<typeof LoopStatsSchema>;

/**
 * How long the event loop stalls: each tick of a timer that should fire every 5 ms is measured,
 * and how much later than due it fired is a stall every request waited through. Read over a
 * window that a reset begins, so a benchmark can measure just its load.
 */
export class LoopMonitor {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  private since = performance.now();

  start(): void {
    this.histogram.enable();
  }

  stop(): void {
    this.histogram.disable();
  }

  stats(): LoopStats {
    const h = this.histogram;
    // The histogram holds whole intervals in nanoseconds; what exceeds the period is the stall.
    const stall = (ns: number) => (h.count === 0 ? 0 : Math.round(Math.max(0, ns / 1e6 - RESOLUTION_MS) * 1000) / 1000);
    return {
      p50Ms: stall(h.percentile(50)),
      p90Ms: stall(h.percentile(90)),
      p99Ms: stall(h.percentile(99)),
      maxMs: stall(h.max),
      meanMs: stall(h.mean),
      samples: h.count,
      sinceMs: Math.round(performance.now() - this.since),
    };
  }

  /** The window that ends now; the next begins. */
  reset(): LoopStats {
    const ended = this.stats();
    this.histogram.reset();
    this.since = performance.now();
    return ended;
  }
}
