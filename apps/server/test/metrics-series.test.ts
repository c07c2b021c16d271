import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { SeriesCounter, SeriesHistogram } from '../src/metrics/series-metrics.ts';

const BUCKETS = [0.001, 0.01, 0.1, 1];
const SAMPLES: Array<[string, number, number]> = [
  ['/api/runs/:id', 200, 0.0004],
  ['/api/runs/:id', 200, 0.003],
  ['/api/runs/:id', 404, 0.001],
  ['/hello/:name', 200, 0.5],
  ['/api/*', 429, 7],
  ['/a "quoted"\\route', 200, 0.01],
];

/** The same requests counted by prom-client's own metrics and by the series ones, each in a registry of its own. */
function bothCounted() {
  const prom = new Registry();
  const series = new Registry();
  const promCount = new Counter({ name: 'requests_total', help: 'Requests', labelNames: ['route', 'status'], registers: [prom] });
  const promTime = new Histogram({ name: 'seconds', help: 'Time', labelNames: ['route'], buckets: BUCKETS, registers: [prom] });
  const count = new SeriesCounter('requests_total', 'Requests', ['route', 'status'], [series]);
  const time = new SeriesHistogram('seconds', 'Time', ['route'], BUCKETS, [series]);
  for (const [route, status, seconds] of SAMPLES) {
    promCount.inc({ route, status });
    promTime.observe({ route }, seconds);
    count.of({ route, status }).value++;
    time.of({ route }).observe(seconds);
  }
  return { prom, series, count, time };
}

describe('series metrics', () => {
  it('scrape exactly as prom-client’s counters and histograms do', async () => {
    const { prom, series } = bothCounted();
    const text = await series.metrics();
    expect(text).toBe(await prom.metrics());
    expect(text).toContain('seconds_bucket{le="0.01",route="/api/runs/:id"} 3');
    expect(text).toContain('seconds_count{route="/api/*"} 1');
  });

  it('keep one series per label set, so a series held by a caller is the one scraped', async () => {
    const { series, count } = bothCounted();
    const held = count.of({ route: '/hello/:name', status: 200 });
    expect(count.of({ route: '/hello/:name', status: 200 })).toBe(held);
    held.value += 2;
    expect(await series.metrics()).toContain('requests_total{route="/hello/:name",status="200"} 3');
  });

  it('reset to zero in place, and keep counting into the series callers hold', async () => {
    const { series, count, time } = bothCounted();
    const held = count.of({ route: '/api/runs/:id', status: 200 });
    series.resetMetrics();
    held.value++;
    time.of({ route: '/api/runs/:id' }).observe(0.05);
    const text = await series.metrics();
    expect(text).toContain('requests_total{route="/api/runs/:id",status="200"} 1');
    expect(text).toContain('requests_total{route="/api/runs/:id",status="404"} 0');
    expect(text).toContain('seconds_bucket{le="0.01",route="/api/runs/:id"} 0');
    expect(text).toContain('seconds_bucket{le="0.1",route="/api/runs/:id"} 1');
  });
});
