import type { Pool } from '@pattern/postgres';
import type { StoredEvent } from '../schemas.ts';
import type { AppendResult, ParkedEvent } from './driver.ts';
import { statements } from './postgres-statements.ts';

/** Rows of the event store's PostgreSQL tables, and what the driver makes of them. */

export interface EventRow {
  position: string;
  id: string;
  aggregate_type: string;
  aggregate_id: string;
  version: number;
  type: string;
  payload: Record<string, unknown>;
  metadata: StoredEvent['metadata'];
  schema_version: number;
  created: Date;
}

export interface ParkedRow {
  id: string;
  consumer: string;
  event_id: string;
  position: string;
  attempts: number;
  error: ParkedEvent['error'];
  parked_at: Date;
}

export function toEvent(row: EventRow): StoredEvent {
  return {
    id: row.id,
    aggregateType: row.aggregate_type,
    aggregateId: row.aggregate_id,
    version: row.version,
    position: Number(row.position),
    type: row.type,
    payload: row.payload,
    metadata: row.metadata,
    schemaVersion: row.schema_version,
    created: row.created.toISOString(),
  };
}

export const toParked = (row: ParkedRow): ParkedEvent => ({
  id: row.id,
  consumer: row.consumer,
  eventId: row.event_id,
  position: Number(row.position),
  attempts: row.attempts,
  error: row.error,
  parkedAt: row.parked_at.toISOString(),
});

/** What the append made under `key` wrote, read back from the log. */
export async function keptAppend(pool: Pool, key: string): Promise<AppendResult | undefined> {
  const { rows } = await pool.query<{ aggregate_type: string; aggregate_id: string; first_version: number; last_version: number }>(
    statements.keptAppend([key]),
  );
  const kept = rows[0];
  if (!kept) return undefined;
  const { first_version: from, last_version: to } = kept;
  const { rows: events } = await pool.query<EventRow>(statements.streamForward([kept.aggregate_type, kept.aggregate_id, from, to, to - from + 1]));
  return { events: events.map(toEvent), version: to, deduplicated: true };
}
