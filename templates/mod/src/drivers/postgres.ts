import { createPool, migrate } from '@pattern/postgres';
import type { CounterDriver } from './driver.ts';

const SCHEMA = ['CREATE TABLE IF NOT EXISTS counter_values (name TEXT PRIMARY KEY, value BIGINT NOT NULL)'];

/** Counters in PostgreSQL, shared by every server on the database; the upsert keeps concurrent increments exact. */
export async function createPostgresDriver(url: string): Promise<CounterDriver> {
  const pool = createPool(url, 4);
  try {
    await migrate(pool, 'counter', SCHEMA);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return {
    increment: async (name, by) => {
      const { rows } = await pool.query<{ value: string }>(
        'INSERT INTO counter_values (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = counter_values.value + $2 RETURNING value',
        [name, by],
      );
      return Number(rows[0]?.value);
    },
    value: async (name) => {
      const { rows } = await pool.query<{ value: string }>('SELECT value FROM counter_values WHERE name = $1', [name]);
      return Number(rows[0]?.value ?? 0);
    },
    close: () => pool.end(),
  };
}
