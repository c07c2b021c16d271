import { type Logger, silentLogger } from '@pattern/core';
import { type Listener, listen, migrate, type Pool, statement, transaction } from '@pattern/postgres';
import type { ScheduleStore } from '../../schedules/schedule-store.ts';

/** Where every pause and resume is announced, with the workflow's id as the payload. */
const CHANNEL = 'pattern_workflow_states';

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS workflow_states (
    workflow_id TEXT PRIMARY KEY,
    active BOOLEAN NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS schedule_ticks (
    workflow_id TEXT PRIMARY KEY,
    last_tick_at BIGINT NOT NULL,
    ticks BIGINT NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS schedule_claims (
    workflow_id TEXT NOT NULL,
    tick_at BIGINT NOT NULL,
    claimed_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (workflow_id, tick_at)
  )`,
  'CREATE INDEX IF NOT EXISTS schedule_claims_by_time ON schedule_claims (claimed_at)',
];

const SQL = {
  paused: statement('SELECT workflow_id FROM workflow_states WHERE NOT active'),
  state: statement('SELECT active FROM workflow_states WHERE workflow_id = $1'),
  setState: statement(`INSERT INTO workflow_states (workflow_id, active, updated_at) VALUES ($1, $2, now())
    ON CONFLICT (workflow_id) DO UPDATE SET active = excluded.active, updated_at = now()`),
  notify: statement('SELECT pg_notify($1, $2)'),
  // One statement per batch: the unique claim row decides between servers racing for a tick, the
  // last-tick guard refuses a tick older than one already run (its claim may have been pruned),
  // and the counter moves in the same statement, so a claim and its count commit together.
  claim: statement(`WITH wanted AS (
      SELECT w.workflow_id, w.tick_at FROM unnest($1::text[], $2::bigint[]) AS w(workflow_id, tick_at)
      LEFT JOIN schedule_ticks s ON s.workflow_id = w.workflow_id
      WHERE s.last_tick_at IS NULL OR s.last_tick_at < w.tick_at
      ORDER BY w.workflow_id
    ), claimed AS (
      INSERT INTO schedule_claims (workflow_id, tick_at, claimed_at) SELECT workflow_id, tick_at, now() FROM wanted
      ON CONFLICT DO NOTHING RETURNING workflow_id, tick_at
    )
    INSERT INTO schedule_ticks (workflow_id, last_tick_at, ticks) SELECT workflow_id, tick_at, 1 FROM claimed
    ON CONFLICT (workflow_id) DO UPDATE SET ticks = schedule_ticks.ticks + 1, last_tick_at = GREATEST(schedule_ticks.last_tick_at, excluded.last_tick_at)
    RETURNING workflow_id, ticks`),
  last: statement('SELECT last_tick_at FROM schedule_ticks WHERE workflow_id = $1'),
  baseline: statement('INSERT INTO schedule_ticks (workflow_id, last_tick_at, ticks) VALUES ($1, $2, 0) ON CONFLICT (workflow_id) DO NOTHING'),
  waive: statement(`INSERT INTO schedule_ticks (workflow_id, last_tick_at, ticks) VALUES ($1, $2, 0)
    ON CONFLICT (workflow_id) DO UPDATE SET last_tick_at = GREATEST(schedule_ticks.last_tick_at, excluded.last_tick_at)`),
  prune: statement('DELETE FROM schedule_claims WHERE claimed_at < to_timestamp($1::double precision / 1000)'),
  forgetState: statement('DELETE FROM workflow_states WHERE workflow_id = $1'),
  forgetTicks: statement('DELETE FROM schedule_ticks WHERE workflow_id = $1'),
  forgetClaims: statement('DELETE FROM schedule_claims WHERE workflow_id = $1'),
};

/**
 * Paused workflows and schedule ticks in PostgreSQL, shared by every server on the database.
 * A pause or resume is announced with NOTIFY; a server whose listener lost its connection hears
 * of every paused workflow again once it is back, since what changed meanwhile was not announced.
 */
export async function createPostgresScheduleStore(pool: Pool, log: Logger = silentLogger): Promise<ScheduleStore> {
  await migrate(pool, 'schedules', SCHEMA);
  const watchers = new Set<(id: string) => void>();
  /** Ids heard of or set here: one of them may have been resumed while the listener was away. */
  const seen = new Set<string>();
  let listener: Listener | undefined;
  const changed = (id: string) => {
    seen.add(id);
    for (const watcher of watchers) watcher(id);
  };
  const paused = async () => {
    const { rows } = await pool.query<{ workflow_id: string }>(SQL.paused());
    return rows.map((row) => row.workflow_id);
  };
  return {
    async paused() {
      const ids = await paused();
      for (const id of ids) seen.add(id);
      return ids;
    },
    async isActive(id) {
      const { rows } = await pool.query<{ active: boolean }>(SQL.state([id]));
      return rows[0]?.active ?? true;
    },
    async setActive(id, active) {
      seen.add(id);
      await transaction(pool, async (client) => {
        await client.query(SQL.setState([id, active]));
        await client.query(SQL.notify([CHANNEL, id]));
      });
    },
    watch(onChange) {
      watchers.add(onChange);
      listener ??= listen(pool, CHANNEL, (id) => id && changed(id), {
        onReconnect: () => {
          paused()
            .then((ids) => {
              for (const id of new Set([...seen, ...ids])) changed(id);
            })
            .catch((error: unknown) => log.error('re-reading paused workflows after a lost connection failed', { error: String(error) }));
        },
        onError: (error) => log.warn('lost the connection that hears of paused workflows; connecting again', { error: String(error) }),
      });
      return () => watchers.delete(onChange);
    },
    async claim(wanted) {
      if (wanted.length === 0) return new Map();
      const { rows } = await pool.query<{ workflow_id: string; ticks: string }>(
        SQL.claim([wanted.map((t) => t.workflowId), wanted.map((t) => String(t.at))]),
      );
      return new Map(rows.map((row) => [row.workflow_id, Number(row.ticks)]));
    },
    async lastTick(id) {
      const { rows } = await pool.query<{ last_tick_at: string }>(SQL.last([id]));
      return rows[0] ? Number(rows[0].last_tick_at) : undefined;
    },
    async baseline(id, at) {
      await pool.query(SQL.baseline([id, String(at)]));
    },
    async waive(id, at) {
      await pool.query(SQL.waive([id, String(at)]));
    },
    async prune(before) {
      await pool.query(SQL.prune([before]));
    },
    async forget(id) {
      await transaction(pool, async (client) => {
        await client.query(SQL.forgetState([id]));
        await client.query(SQL.forgetTicks([id]));
        await client.query(SQL.forgetClaims([id]));
        await client.query(SQL.notify([CHANNEL, id]));
      });
    },
    async close() {
      watchers.clear();
      await listener?.close();
    },
  };
}
