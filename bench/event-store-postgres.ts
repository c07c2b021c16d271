import { createPostgresDriver, type NewEvent } from '@pattern/mod-event-store';
import { createPool } from '@pattern/postgres';
import { freshSchema } from '@pattern/testing';
import { GROUP, payload, serviceOver, sideBySide } from './event-store-parts.ts';
import type { BenchRow } from './harness.ts';

const RAW_POSTGRES_SCHEMA = `
CREATE TABLE raw_events (
  position BIGSERIAL PRIMARY KEY, id TEXT NOT NULL UNIQUE, aggregate_type TEXT NOT NULL, aggregate_id TEXT NOT NULL,
  version INTEGER NOT NULL, type TEXT NOT NULL, payload JSONB NOT NULL, metadata JSONB NOT NULL, schema_version INTEGER NOT NULL,
  created TIMESTAMPTZ NOT NULL, correlation_id TEXT, UNIQUE (aggregate_type, aggregate_id, version));
CREATE INDEX raw_events_by_type ON raw_events (type, position);
CREATE INDEX raw_events_by_aggregate_type ON raw_events (aggregate_type, position);
CREATE INDEX raw_events_by_correlation ON raw_events (correlation_id, position) WHERE correlation_id IS NOT NULL;`;

const RAW_INSERT = `INSERT INTO raw_events (id, aggregate_type, aggregate_id, version, type, payload, metadata, schema_version, created, correlation_id)
  SELECT id, 'Order', $1, $2 + n, 'OrderNoted', payload, '{"correlationId":"bench"}', 1, now(), 'bench'
  FROM unnest($3::text[], $4::jsonb[]) WITH ORDINALITY AS r (id, payload, n)`;

/**
 * The append figures again on PostgreSQL, against raw `pg` inserts of the same rows (one
 * statement per append, as the driver makes) through a pool of the same size, in the same run.
 */
export async function postgresRows(): Promise<BenchRow[]> {
  const schema = await freshSchema('pattern_bench');
  const pool = createPool(schema.url);
  const service = serviceOver(await createPostgresDriver(schema.url));
  const rows: BenchRow[] = [];
  try {
    await pool.query(RAW_POSTGRES_SCHEMA);
    let seq = 0;
    const raw = (stream: string, from: number, payloads: Array<Record<string, unknown>>) =>
      pool.query({
        name: 'raw_insert',
        text: RAW_INSERT,
        values: [stream, from - 1, payloads.map(() => `raw-${++seq}`), payloads.map((p) => JSON.stringify(p))],
      });
    const ours = (stream: string, payloads: Array<Record<string, unknown>>) =>
      service.append(
        { aggregateType: 'Order', aggregateId: stream },
        payloads.map((p): NewEvent => ({ type: 'OrderNoted', payload: p })),
        { metadata: { correlationId: 'bench' } },
      );
    const figure = (name: string, events: number, rates: { ours: number; baseline: number }, baselineName: string): BenchRow => ({
      group: GROUP,
      name,
      value: Math.round(rates.ours * events),
      unit: 'events/s',
      baseline: Math.round(rates.baseline * events),
      baselineName,
      ratio: rates.ours / rates.baseline,
      target: '>= 0.5 of raw',
      met: rates.ours / rates.baseline >= 0.5,
    });

    // One append at a time, one event each: a stream's next version is known to the raw side, as it would be to a careful caller.
    let single = 0;
    let rawSingle = 0;
    const versions = new Map<string, number>();
    const nextVersion = (stream: string) => {
      const version = (versions.get(stream) ?? 0) + 1;
      versions.set(stream, version);
      return version;
    };
    rows.push(
      figure(
        'PostgreSQL: append, single events (events/s)',
        1,
        await sideBySide(
          () => ours(`s-${++single % 1000}`, [payload(single)]),
          () => {
            const stream = `r-${++rawSingle % 1000}`;
            return raw(stream, nextVersion(stream), [payload(rawSingle)]);
          },
        ),
        'raw pg insert',
      ),
    );

    // Sixteen appends in flight at once: ours take turns for gapless positions in commit order, raw inserts do not.
    const LANES = 16;
    rows.push(
      figure(
        `PostgreSQL: append, single events, ${LANES} at once (events/s)`,
        LANES,
        await sideBySide(
          () => Promise.all(Array.from({ length: LANES }, (_, lane) => ours(`c-${lane}`, [payload(++single)]))),
          () =>
            Promise.all(
              Array.from({ length: LANES }, (_, lane) => {
                const stream = `rc-${lane}`;
                return raw(stream, nextVersion(stream), [payload(++rawSingle)]);
              }),
            ),
        ),
        `raw pg inserts, ${LANES} at once`,
      ),
    );

    // Batches of 100 in one append, against 100 rows in one raw statement.
    let batches = 0;
    let rawBatches = 0;
    const batchOf = (batch: number) => Array.from({ length: 100 }, (_, i) => payload(batch * 100 + i));
    rows.push(
      figure(
        'PostgreSQL: append, batches of 100 (events/s)',
        100,
        await sideBySide(
          () => ours(`b-${++batches}`, batchOf(batches)),
          () => raw(`rb-${++rawBatches}`, 1, batchOf(rawBatches)),
        ),
        'raw pg insert of 100 rows',
      ),
    );

    // The same, with payloads that name no entity: what the tag index costs shows as the difference.
    const plain = Array.from({ length: 100 }, (_, i) => ({ note: 'a line of text about the order', amount: i }));
    rows.push(
      figure(
        'PostgreSQL: append, batches of 100 without correlated ids (events/s)',
        100,
        await sideBySide(
          () => ours(`b-${++batches}`, plain),
          () => raw(`rb-${++rawBatches}`, 1, plain),
        ),
        'raw pg insert of 100 rows',
      ),
    );
  } finally {
    await service.close();
    await pool.end();
    await schema.drop();
  }
  return rows;
}
