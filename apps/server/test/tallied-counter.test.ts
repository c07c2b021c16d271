import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { TalliedCounter, tallyKey } from '../src/metrics/tallied-counter.ts';
import { TallyKeys } from '../src/metrics/tally-keys.ts';

async function samples(registry: Registry): Promise<Array<[Record<string, unknown>, number]>> {
  const [metric] = await registry.getMetricsAsJSON();
  return (metric?.values ?? []).map((value) => [value.labels, value.value]);
}

const requestsCounter = (registry: Registry) =>
  new TalliedCounter({ name: 'requests_total', help: 'requests', labelNames: ['method', 'route', 'status'], registers: [registry] });

describe('tallied counters', () => {
  it('show at every scrape the totals counted so far, by label set, and keep counting after it', async () => {
    const registry = new Registry();
    const counter = requestsCounter(registry);
    for (let i = 0; i < 3; i++) counter.inc(tallyKey('GET', '/api/runs/:id', 200));
    counter.inc(tallyKey('POST', '/api/runs', 422));
    expect(await samples(registry)).toEqual([
      [{ method: 'GET', route: '/api/runs/:id', status: '200' }, 3],
      [{ method: 'POST', route: '/api/runs', status: '422' }, 1],
    ]);
    counter.inc(tallyKey('GET', '/api/runs/:id', 200));
    expect(await samples(registry)).toEqual([
      [{ method: 'GET', route: '/api/runs/:id', status: '200' }, 4],
      [{ method: 'POST', route: '/api/runs', status: '422' }, 1],
    ]);
    expect(await registry.metrics()).toContain('requests_total{method="GET",route="/api/runs/:id",status="200"} 4');
  });

  it('counts under one label, whose value is its own key', async () => {
    const registry = new Registry();
    const counter = new TalliedCounter({ name: 'runs_total', help: 'runs', labelNames: ['workflow'], registers: [registry] });
    counter.inc('hello');
    counter.inc('hello');
    expect(await samples(registry)).toEqual([[{ workflow: 'hello' }, 2]]);
  });

  it('counts under interned keys as under the keys they stand for', async () => {
    const keys = new TallyKeys();
    const first = keys.of('GET', '/api/runs/:id', 200);
    expect(first).toBe(tallyKey('GET', '/api/runs/:id', 200));
    expect(keys.of('GET', '/api/runs/:id', 200)).toBe(first);
    // A prefix of another label set, and the same values in another order, are label sets of their own.
    expect(keys.of('GET', '/api/runs/:id')).toBe(tallyKey('GET', '/api/runs/:id'));
    expect(keys.of('/api/runs/:id', 'GET', 200)).toBe(tallyKey('/api/runs/:id', 'GET', 200));
    expect(keys.of('GET', '/api/runs/:id', 404)).not.toBe(first);
    const registry = new Registry();
    const counter = requestsCounter(registry);
    counter.inc(keys.of('GET', '/api/runs/:id', 200));
    counter.inc(tallyKey('GET', '/api/runs/:id', 200));
    expect(await samples(registry)).toEqual([[{ method: 'GET', route: '/api/runs/:id', status: '200' }, 2]]);
  });
});
