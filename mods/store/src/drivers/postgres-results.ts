import { PatternError } from '@pattern/core';
import type { Pool, PoolClient } from '@pattern/postgres';
import { changed, one } from './postgres-statements.ts';

/** The table of the results of writes made under an idempotency key; part of the store's migration. */
export const RESULTS_SCHEMA = [
  'CREATE TABLE IF NOT EXISTS store_results (key TEXT COLLATE "C" PRIMARY KEY, result TEXT, created_at BIGINT NOT NULL)',
  'CREATE INDEX IF NOT EXISTS store_results_age ON store_results (created_at)',
];

const RESULTS_SQL = {
  /**
   * Claims the key before the write: a second transaction with the key waits here until the first
   * commits (and then claims nothing) or rolls back (and then claims it), so two servers running
   * the same write at once make it once.
   */
  claim: 'INSERT INTO store_results (key, result, created_at) VALUES ($1, NULL, $2) ON CONFLICT (key) DO NOTHING',
  get: 'SELECT result FROM store_results WHERE key = $1',
  save: 'UPDATE store_results SET result = $2 WHERE key = $1',
  prune: 'DELETE FROM store_results WHERE created_at < $1',
};

/**
 * Runs `work` in the write's transaction once per key: the first time its result is kept with the
 * write, in the same commit; every later time the kept result is answered and `work` does not run.
 */
export async function once<T>(client: PoolClient, key: string | undefined, now: number, work: () => Promise<T>): Promise<T> {
  if (key === undefined) return work();
  if ((await changed(client, RESULTS_SQL.claim, [key, now])) === 0) {
    const kept = await one<{ result: string | null }>(client, RESULTS_SQL.get, [key]);
    // Only a prune between the two statements can take the row: the key's result is too old to answer.
    if (typeof kept?.result !== 'string') throw new PatternError('conflict', `The result of the write under key "${key}" is no longer kept`, { key });
    return JSON.parse(kept.result) as T;
  }
  const result = await work();
  await changed(client, RESULTS_SQL.save, [key, JSON.stringify(result)]);
  return result;
}

export function pruneResults(pool: Pool, before: number): Promise<number> {
  return changed(pool, RESULTS_SQL.prune, [before]);
}
