import { type Logger, silentLogger } from '@pattern/core';
import type Database from 'better-sqlite3';
import type { ScheduleStore } from '../../schedules/schedule-store.ts';

interface Ticks {
  last: number;
  count: number;
}

/**
 * Paused workflows and schedule ticks in the server's SQLite file. One server owns the file, so
 * no other process races for a tick: the last-tick guard alone keeps each tick to one run, held
 * in memory so a tick's runs start without waiting for the disk. The counts are written right
 * after, one statement per batch; a crash in between can only make a `runOnce` schedule run its
 * latest tick once more at the next start.
 */
export function createSqliteScheduleStore(db: Database.Database, log: Logger = silentLogger): ScheduleStore {
  db.exec(`CREATE TABLE IF NOT EXISTS workflow_states (
    workflow_id TEXT PRIMARY KEY,
    active INTEGER NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS schedule_ticks (
    workflow_id TEXT PRIMARY KEY,
    last_tick_at INTEGER NOT NULL,
    ticks INTEGER NOT NULL
  );`);
  const paused = db.prepare<[], { workflow_id: string }>('SELECT workflow_id FROM workflow_states WHERE active = 0');
  const state = db.prepare<[string], { active: number }>('SELECT active FROM workflow_states WHERE workflow_id = ?');
  const setState = db.prepare<[string, number, string]>(
    `INSERT INTO workflow_states (workflow_id, active, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (workflow_id) DO UPDATE SET active = excluded.active, updated_at = excluded.updated_at`,
  );
  const readTicks = db.prepare<[string], { last_tick_at: number; ticks: number }>(
    'SELECT last_tick_at, ticks FROM schedule_ticks WHERE workflow_id = ?',
  );
  const writeTicks = db.prepare<[string]>(
    `INSERT INTO schedule_ticks (workflow_id, last_tick_at, ticks)
     SELECT w.value ->> '$[0]', w.value ->> '$[1]', w.value ->> '$[2]' FROM json_each(?) AS w WHERE true
     ON CONFLICT (workflow_id) DO UPDATE SET last_tick_at = excluded.last_tick_at, ticks = excluded.ticks`,
  );
  const forgetState = db.prepare<[string]>('DELETE FROM workflow_states WHERE workflow_id = ?');
  const forgetTicks = db.prepare<[string]>('DELETE FROM schedule_ticks WHERE workflow_id = ?');

  /** Every workflow's ticks as this server knows them; absent until first read. */
  const known = new Map<string, Ticks | null>();
  let unwritten = new Set<string>();
  let flushing: ReturnType<typeof setImmediate> | undefined;

  const ticksOf = (id: string): Ticks | undefined => {
    if (!known.has(id)) {
      const row = readTicks.get(id);
      known.set(id, row ? { last: row.last_tick_at, count: row.ticks } : null);
    }
    return known.get(id) ?? undefined;
  };
  const flush = () => {
    flushing = undefined;
    const ids = unwritten;
    unwritten = new Set();
    const rows = [...ids].flatMap((id) => {
      const ticks = known.get(id);
      return ticks ? [[id, ticks.last, ticks.count]] : [];
    });
    if (rows.length === 0) return;
    try {
      writeTicks.run(JSON.stringify(rows));
    } catch (error) {
      log.error('could not record schedule ticks', { error: String(error), workflows: rows.length });
    }
  };
  const set = (id: string, ticks: Ticks) => {
    known.set(id, ticks);
    unwritten.add(id);
    flushing ??= setImmediate(flush);
  };

  return {
    async paused() {
      return paused.all().map((row) => row.workflow_id);
    },
    async isActive(id) {
      return (state.get(id)?.active ?? 1) === 1;
    },
    async setActive(id, active) {
      setState.run(id, active ? 1 : 0, new Date().toISOString());
    },
    async claim(wanted) {
      const won = new Map<string, number>();
      for (const { workflowId, at } of wanted) {
        const ticks = ticksOf(workflowId);
        if (ticks && ticks.last >= at) continue;
        const count = (ticks?.count ?? 0) + 1;
        set(workflowId, { last: at, count });
        won.set(workflowId, count);
      }
      return won;
    },
    async lastTick(id) {
      return ticksOf(id)?.last;
    },
    async baseline(id, at) {
      if (!ticksOf(id)) set(id, { last: at, count: 0 });
    },
    async waive(id, at) {
      const ticks = ticksOf(id);
      if (!ticks || ticks.last < at) set(id, { last: at, count: ticks?.count ?? 0 });
    },
    // Nothing to prune: with one server, the last tick is the only guard there is.
    async prune() {},
    async forget(id) {
      unwritten.delete(id);
      known.set(id, null);
      forgetState.run(id);
      forgetTicks.run(id);
    },
    async close() {
      if (flushing) clearImmediate(flushing);
      flush();
    },
  };
}
