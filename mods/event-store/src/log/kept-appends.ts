import type { EventDriver } from '../drivers/driver.ts';

/**
 * How long an append made under an idempotency key is remembered. A durable run is re-run at the
 * next start after a crash, well within this; one re-run later than this would append again.
 */
export const KEPT_APPEND_TTL_MS = 24 * 60 * 60 * 1000;
const PRUNE_EVERY_MS = 60 * 60 * 1000;

/**
 * Forgets appends kept longer than `KEPT_APPEND_TTL_MS` once an hour, off the path of every
 * append; the first time at once. Returns what stops it.
 */
export async function pruneKeptAppendsHourly(driver: EventDriver): Promise<() => void> {
  const prune = () => driver.pruneResults(Date.now() - KEPT_APPEND_TTL_MS);
  await prune();
  // A prune that fails (the database away for a moment) is tried again the next hour.
  const timer = setInterval(() => void prune().catch(() => {}), PRUNE_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
