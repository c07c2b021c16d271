import { parseInput } from '@pattern/core';
import { z } from 'zod';
import type { StoreDriver } from '../drivers/driver.ts';
import { type AcquireResult, DEFAULT_TTL_MS, type Lease, LeaseKeySchema, LeaseOwnerSchema, refuseNul, TtlSchema } from '../schemas.ts';

const Key = z.compile(LeaseKeySchema);
const Owner = z.compile(LeaseOwnerSchema);
const Ttl = z.compile(TtlSchema);

/**
 * Leases: one holder per key at a time, until it releases or its TTL runs out. Each new holder
 * gets a fencing token greater than every token the key had before, so a write can prove it comes
 * from the current holder. A lease the run owns (its owner is the run's id) is released when that
 * run settles; one under an owner of its own (a worker, a job) outlives the runs that take it, until
 * that owner releases it or its TTL runs out: several runs may share it, and none can drop it for the others.
 */
export class LeaseStore {
  private readonly driver: StoreDriver;
  private readonly now: () => number;
  /**
   * Runs of this process that took a lease, with their acquires still in flight: only they cost a
   * write when they settle, and that release waits for those acquires, which a stopped run may not have.
   */
  private readonly runsHolding = new Map<string, Set<Promise<unknown>>>();

  constructor(driver: StoreDriver, now: () => number) {
    this.driver = driver;
    this.now = now;
  }

  async acquire(key: string, owner: string, ttlMs: number = DEFAULT_TTL_MS, options: { runId?: string | undefined } = {}): Promise<AcquireResult> {
    this.check(key, owner, ttlMs);
    const runId = options.runId !== undefined && options.runId === owner ? owner : undefined;
    const acquired = this.driver.acquireLease({ key, owner, ttlMs, now: this.now(), runId });
    if (runId === undefined) return acquired;
    const inFlight = this.runsHolding.get(runId) ?? new Set();
    this.runsHolding.set(runId, inFlight);
    inFlight.add(acquired);
    return acquired.finally(() => inFlight.delete(acquired));
  }

  /** Extends a lease the owner still holds; undefined when it expired or another owner holds the key. */
  async renew(key: string, owner: string, ttlMs: number = DEFAULT_TTL_MS): Promise<Lease | undefined> {
    this.check(key, owner, ttlMs);
    return this.driver.renewLease({ key, owner, ttlMs, now: this.now() });
  }

  async release(key: string, owner: string): Promise<boolean> {
    this.check(key, owner, DEFAULT_TTL_MS);
    return this.driver.releaseLease(key, owner, this.now());
  }

  /** Releases the key whoever holds it: the admin's way out of a stuck lease. */
  async forceRelease(key: string): Promise<boolean> {
    parseInput(Key, key, 'key');
    refuseNul(key, 'key');
    return this.driver.releaseLease(key, null, this.now());
  }

  async releaseAll(owner: string): Promise<number> {
    parseInput(Owner, owner, 'owner');
    refuseNul(owner, 'owner');
    return this.driver.releaseOwner(owner, this.now());
  }

  /** Whether a run of this process took a lease as its owner and has not released it yet: a run that did not settles without a write. */
  tookLease(runId: string): boolean {
    return this.runsHolding.has(runId);
  }

  /** Releases what a run took as owner. `always` also asks storage for runs this process never saw take one (runs recovered after a crash). */
  async releaseRun(runId: string, always = false): Promise<number> {
    const inFlight = this.runsHolding.get(runId);
    if (!always && !inFlight) return 0;
    this.runsHolding.delete(runId);
    if (inFlight && inFlight.size > 0) await Promise.allSettled(inFlight);
    return this.driver.releaseRun(runId, this.now());
  }

  /** The runs owning a live lease. */
  holdingRuns(): Promise<string[]> {
    return this.driver.leaseRuns(this.now());
  }

  async get(key: string): Promise<Lease | undefined> {
    parseInput(Key, key, 'key');
    refuseNul(key, 'key');
    return this.driver.getLease(key, this.now());
  }

  list(): Promise<Lease[]> {
    return this.driver.listLeases(this.now());
  }

  private check(key: string, owner: string, ttlMs: number): void {
    parseInput(Key, key, 'key');
    parseInput(Owner, owner, 'owner');
    parseInput(Ttl, ttlMs, 'ttlMs');
    refuseNul(key, 'key');
    refuseNul(owner, 'owner');
  }
}
