import { Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { timedService } from '../src/metrics/timed-service.ts';

/** How many calls the histogram holds per operation. */
async function counts(histogram: Histogram<'operation'>): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const value of (await histogram.get()).values) {
    if (value.metricName?.endsWith('_count')) out[String(value.labels.operation)] = value.value;
  }
  return out;
}

describe('timed services', () => {
  it('times calls that answer with a promise, resolved, rejected or thrown, and passes synchronous answers through', async () => {
    const histogram = new Histogram({ name: 'calls_seconds', help: 'calls', labelNames: ['operation'], registers: [new Registry()] });
    const held = new Set(['r1']);
    const service = timedService(
      {
        put: async (id: string) => ({ id }),
        fail: async () => {
          throw new Error('refused');
        },
        broken: (): Promise<void> => {
          throw new Error('thrown before answering');
        },
        leases: { tookLease: (runId: string) => held.has(runId), acquire: async (key: string) => ({ key }) },
      },
      histogram,
    );
    expect(await service.put('a')).toEqual({ id: 'a' });
    await expect(service.fail()).rejects.toThrow('refused');
    expect(() => service.broken()).toThrow('thrown before answering');
    expect(service.leases.tookLease('r1')).toBe(true);
    expect(service.leases.tookLease('r2')).toBe(false);
    expect(await service.leases.acquire('k')).toEqual({ key: 'k' });
    expect(await counts(histogram)).toEqual({ put: 1, fail: 1, broken: 1, 'leases.acquire': 1 });
  });
});
