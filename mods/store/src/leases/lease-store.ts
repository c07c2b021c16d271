import { z } from 'zod';
import type { StoreDriver } from '../drivers/driver.ts';
import { type AcquireResult, DEFAULT_TTL_MS, type Lease, LeaseKeySchema, LeaseOwnerSchema, TtlSchema } from '../schemas.ts';
import { parseInput } from '../validation.ts';

const Key = z.compile(LeaseKeySchema);
const Owner = z.compile(LeaseOwnerSchema);
const Ttl = z.compile(TtlSchema);

/**
 * Leases: one holder per key at a time, until it releases or its TTL runs out. Each new holder
 * gets a fencing token greater than every token the key had before, so a write can prove it comes
 * from the current holder. A lease taken for a run is released when that run settles.
 */
export class LeaseStore {
  private readonly driver: StoreDriver;
  private readonly now: () => number;
  /** Runs of this process that took a lease; only they cost a write when they settle. */
  private readonly runsHolding = new Set<string>();

  constructor(driver: StoreDriver, now: () => number) {
    this.driver = driver;
    this.now = now;
  }

  async acquire(key: string, owner: string, ttlMs: number = DEFAULT_TTL_MS, options: { runId?: string | undefined } = {}): Promise<AcquireResult> {
    this.check(key, owner, ttlMs);
    if (options.runId !== undefined) this.runsHolding.add(options.runId);
    return this.driver.acquireLease({ key, owner, ttlMs, now: this.now(), runId: options.runId });
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
  forceRelease(key: string): Promise<boolean> {
    parseInput(Key, key, 'key');
    return this.driver.releaseLease(key, null, this.now());
  }

  releaseAll(owner: string): Promise<number> {
    parseInput(Owner, owner, 'owner');
    return this.driver.releaseOwner(owner, this.now());
  }

  /** Releases what a run took. `always` also asks storage for runs this process never saw take one (runs recovered after a crash). */
  async releaseRun(runId: string, always = false): Promise<number> {
    if (!always && !this.runsHolding.has(runId)) return 0;
    this.runsHolding.delete(runId);
    return this.driver.releaseRun(runId, this.now());
  }

  /** The runs owning a live lease. */
  holdingRuns(): Promise<string[]> {
    return this.driver.leaseRuns(this.now());
  }

  get(key: string): Promise<Lease | undefined> {
    parseInput(Key, key, 'key');
    return this.driver.getLease(key, this.now());
  }

  list(): Promise<Lease[]> {
    return this.driver.listLeases(this.now());
  }

  private check(key: string, owner: string, ttlMs: number): void {
    parseInput(Key, key, 'key');
    parseInput(Owner, owner, 'owner');
    parseInput(Ttl, ttlMs, 'ttlMs');
  }
}
