import { Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { tallyKey } from '../src/metrics/tallied-counter.ts';
import { TalliedHistogram } from '../src/metrics/tallied-histogram.ts';

const buckets = [0.001, 0.01, 0.1, 1];
const observations: Array<[string, string, number]> = [
  ['GET', '/hello/:name', 0.0004],
  ['GET', '/hello/:name', 0.001],
  ['GET', '/hello/:name', 0.0011],
  ['POST', '/api/runs', 0.05],
  ['POST', '/api/runs', 0.1],
  ['POST', '/api/runs', 7],
  ['GET', '/hello/:name', 0],
];

function pair() {
  const tallied = new Registry();
  const reference = new Registry();
  const config = { name: 'request_seconds', help: 'Time to answer', labelNames: ['method', 'route'] as const, buckets };
  const histogram = new TalliedHistogram({ ...config, registers: [tallied] });
  const prom = new Histogram({ ...config, labelNames: [...config.labelNames], registers: [reference] });
  return { tallied, reference, histogram, prom };
}

describe('tallied histograms', () => {
  it('read as prom-client histogram fed the same values does: buckets, +Inf, sum and count, by label set', async () => {
    const { tallied, reference, histogram, prom } = pair();
    for (const [method, route, value] of observations) {
      histogram.observe(tallyKey(method, route), value);
      prom.observe({ method, route }, value);
    }
    const text = await tallied.metrics();
    expect(text).toBe(await reference.metrics());
    expect(text).toContain('request_seconds_bucket{le="0.001",method="GET",route="/hello/:name"} 3');
    expect(text).toContain('request_seconds_bucket{le="+Inf",method="POST",route="/api/runs"} 3');
    expect(text).toContain('request_seconds_count{method="POST",route="/api/runs"} 3');
    // prom-client's own samples also carry an empty exemplar slot, which nothing reads without exemplars.
    const samples = async (registry: Registry) =>
      (await registry.getMetricsAsJSON()).map(({ values, ...metric }) => ({
        ...metric,
        values: values.map((sample) => ({
          labels: sample.labels,
          value: sample.value,
          metricName: 'metricName' in sample ? sample.metricName : undefined,
        })),
      }));
    expect(await samples(tallied)).toEqual(await samples(reference));
  });

  it('keeps counting across scrapes, and starts over when the registry resets', async () => {
    const { tallied, reference, histogram, prom } = pair();
    histogram.observe(tallyKey('GET', '/a'), 0.5);
    prom.observe({ method: 'GET', route: '/a' }, 0.5);
    await tallied.metrics();
    histogram.observe(tallyKey('GET', '/a'), 0.005);
    prom.observe({ method: 'GET', route: '/a' }, 0.005);
    expect(await tallied.metrics()).toBe(await reference.metrics());
    tallied.resetMetrics();
    reference.resetMetrics();
    expect(await tallied.metrics()).toBe(await reference.metrics());
    expect(await tallied.metrics()).not.toContain('request_seconds_count');
  });

  it('leaves out a value that is not a finite number instead of throwing from a listener', async () => {
    const { tallied, histogram } = pair();
    histogram.observe(tallyKey('GET', '/a'), Number.NaN);
    histogram.observe(tallyKey('GET', '/a'), Number.POSITIVE_INFINITY);
    histogram.observe(tallyKey('GET', '/a'), 0.2);
    expect(await tallied.metrics()).toContain('request_seconds_count{method="GET",route="/a"} 1');
  });
});
