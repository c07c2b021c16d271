import type { StoreDriver } from '../drivers/driver.ts';

/**
 * How long the result of a write under an idempotency key is kept. A durable run is re-run at the
 * next start after a crash, well within this; one re-run later than this would write again.
 */
export const RESULT_TTL_MS = 24 * 60 * 60 * 1000;
const PRUNE_EVERY_MS = 60 * 60 * 1000;

/**
 * Forgets kept results older than `RESULT_TTL_MS` once an hour, off the path of every write; the
 * first time when the store opens. Returns what stops it.
 */
export async function pruneResultsHourly(driver: StoreDriver, now: () => number): Promise<() => void> {
  const prune = () => driver.pruneResults(now() - RESULT_TTL_MS);
  await prune();
  // A prune that fails (the database away for a moment) is tried again the next hour.
  const timer = setInterval(() => void prune().catch(() => {}), PRUNE_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
