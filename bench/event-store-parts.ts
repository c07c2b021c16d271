import { silentLogger } from '@pattern/core';
import { defineAggregate, type EventDriver, EventStoreService } from '@pattern/mod-event-store';
import { TEST_DATABASE_URL } from '@pattern/testing';
import pg from 'pg';

export const GROUP = 'event-store';

const counter = (snapshotEvery: number) =>
  defineAggregate<{ total: number }>({
    type: 'Counter',
    initialState: { total: 0 },
    snapshotEvery,
    evolve: (state, event) => ({ total: state.total + (event.payload.by as number) }),
    commands: {},
  });

export function serviceOver(driver: EventDriver, snapshotEvery = 100): EventStoreService {
  return new EventStoreService(
    driver,
    { aggregates: [counter(snapshotEvery)], projections: [], retryDelayMs: 10, pollMs: 1000, triggerRetries: 3 },
    silentLogger,
  );
}

/**
 * Rates of two operations measured in alternating slices, so that a machine busy with other work
 * slows both alike and their ratio stays meaningful.
 */
export async function sideBySide(
  ours: () => unknown,
  baseline: () => unknown,
  rounds = 8,
  sliceMs = 125,
): Promise<{ ours: number; baseline: number }> {
  const slice = async (fn: () => unknown) => {
    const start = performance.now();
    let count = 0;
    while (performance.now() - start < sliceMs) {
      await fn();
      count++;
    }
    return { count, ms: performance.now() - start };
  };
  await slice(ours);
  await slice(baseline);
  const total = { ours: { count: 0, ms: 0 }, baseline: { count: 0, ms: 0 } };
  for (let round = 0; round < rounds; round++) {
    for (const [key, fn] of [
      ['ours', ours],
      ['baseline', baseline],
    ] as const) {
      const { count, ms } = await slice(fn);
      total[key].count += count;
      total[key].ms += ms;
    }
  }
  return { ours: (total.ours.count * 1000) / total.ours.ms, baseline: (total.baseline.count * 1000) / total.baseline.ms };
}

export const payload = (i: number) => ({
  orderId: `o-${String(i).padStart(10, '0')}`,
  customerId: `c-${i % 50}`,
  note: 'a line of text about the order',
  amount: i,
});

/** Whether the tests' PostgreSQL answers: its figures are left out when it does not. */
export async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}
