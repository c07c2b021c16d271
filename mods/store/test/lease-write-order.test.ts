import { join } from 'node:path';
import { tempDir } from '@pattern/testing';
import { describe, expect, it } from 'vitest';
import type { StoreDriver } from '../src/drivers/driver.ts';
import { createMemoryDriver } from '../src/drivers/memory.ts';
import { createSqliteDriver } from '../src/drivers/sqlite.ts';
import { LeaseStore } from '../src/leases/lease-store.ts';

describe('the SQLite driver’s writes asked for in one turn', () => {
  it('release a lease acquired just before, in the order they were asked for', async () => {
    const driver = createSqliteDriver(join(tempDir(), 'store.db'));
    const now = Date.now();
    // A run stopped while its acquire is queued: the release at its settle comes right after.
    const acquired = driver.acquireLease({ key: 'k', owner: 'run-1', ttlMs: 60_000, now, runId: 'run-1' });
    const released = driver.releaseRun('run-1', now);
    expect(await acquired).toMatchObject({ ok: true });
    expect(await released).toBe(1);
    expect(await driver.listLeases(now)).toEqual([]);

    const again = driver.acquireLease({ key: 'k', owner: 'worker', ttlMs: 60_000, now, runId: undefined });
    const renewed = driver.renewLease({ key: 'k', owner: 'worker', ttlMs: 120_000, now });
    const dropped = driver.releaseLease('k', 'worker', now);
    expect(await again).toMatchObject({ ok: true, lease: { token: 2 } });
    expect(await renewed).toMatchObject({ token: 2, expiresAt: new Date(now + 120_000).toISOString() });
    expect(await dropped).toBe(true);
    expect(await driver.listLeases(now)).toEqual([]);
    await driver.close();
  });

  it('commit what is still queued when the store closes', async () => {
    const file = join(tempDir(), 'store.db');
    const driver = createSqliteDriver(file);
    const now = Date.now();
    const acquired = driver.acquireLease({ key: 'k', owner: 'worker', ttlMs: 60_000, now, runId: undefined });
    await driver.close();
    expect(await acquired).toMatchObject({ ok: true });
    const reopened = createSqliteDriver(file);
    expect(await reopened.listLeases(now)).toMatchObject([{ key: 'k', owner: 'worker', token: 1 }]);
    await reopened.close();
  });
});

describe('a run’s release as it settles', () => {
  it('waits for the acquire it asked for, however late its driver answers', async () => {
    const memory = createMemoryDriver();
    // As a pooled PostgreSQL driver may: the acquire answers after a release sent later.
    const slow: StoreDriver = {
      ...memory,
      acquireLease: (request) => new Promise((resolve) => setTimeout(() => resolve(memory.acquireLease(request)), 20)),
    };
    const leases = new LeaseStore(slow, Date.now);
    const acquired = leases.acquire('k', 'run-1', 60_000, { runId: 'run-1' });
    const released = leases.releaseRun('run-1');
    expect(await acquired).toMatchObject({ ok: true });
    expect(await released).toBe(1);
    expect(await leases.list()).toEqual([]);
  });
});
