import pg from 'pg';

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

/** A pool for one component; `PATTERN_DATABASE_URL` may carry `?options=-c search_path=…` to pick a schema. */
export function createPool(url: string, max = 8): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle client that loses its connection must not take the process down with it.
  pool.on('error', () => {});
  return pool;
}

/**
 * Creates or updates a component's tables. Several servers may start at once: a transaction-level
 * advisory lock per component makes them take turns, and every statement is idempotent.
 */
export async function migrate(pool: pg.Pool, component: string, statements: string[]): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`pattern:${component}`]);
    for (const statement of statements) await client.query(statement);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

export async function transaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
