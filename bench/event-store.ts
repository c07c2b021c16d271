import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteDriver, type EventStoreService, type NewEvent } from '@pattern/mod-event-store';
import Database from 'better-sqlite3';
import { GROUP, payload, postgresReachable, serviceOver, sideBySide } from './event-store-parts.ts';
import { postgresRows } from './event-store-postgres.ts';
import { type BenchRow, type BenchSuite, opsPerSecond } from './harness.ts';

const AGGREGATE_EVENTS = 10_000;
const READ_ALL_EVENTS = 50_000;

/** The same table the SQLite driver writes, for the raw baseline. */
const RAW_SCHEMA = `
CREATE TABLE events (
  position INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, aggregate_type TEXT NOT NULL, aggregate_id TEXT NOT NULL,
  version INTEGER NOT NULL, type TEXT NOT NULL, payload TEXT NOT NULL, metadata TEXT NOT NULL, schema_version INTEGER NOT NULL,
  created TEXT NOT NULL, correlation_id TEXT, UNIQUE (aggregate_type, aggregate_id, version));
CREATE INDEX events_by_type ON events (type, position);
CREATE INDEX events_by_aggregate_type ON events (aggregate_type, position);`;

function openService(dir: string, snapshotEvery = 100): EventStoreService {
  return serviceOver(createSqliteDriver(join(dir, 'events.db')), snapshotEvery);
}

function openRaw(dir: string) {
  const db = new Database(join(dir, 'raw.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(RAW_SCHEMA);
  const insert = db.prepare(
    'INSERT INTO events (id, aggregate_type, aggregate_id, version, type, payload, metadata, schema_version, created, correlation_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  let seq = 0;
  const row = (stream: string, version: number, payload: Record<string, unknown>) => {
    seq++;
    insert.run(
      `raw-${seq}`,
      'Order',
      stream,
      version,
      'OrderNoted',
      JSON.stringify(payload),
      '{"correlationId":"bench"}',
      1,
      new Date().toISOString(),
      'bench',
    );
  };
  const batch = db.transaction((stream: string, from: number, payloads: Array<Record<string, unknown>>) => {
    for (const [i, payload] of payloads.entries()) row(stream, from + i, payload);
  });
  return { db, row, batch };
}

export const eventStoreBench: BenchSuite = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pattern-bench-events-'));
  const rows: BenchRow[] = [];
  try {
    // Single-event appends, each its own transaction, against single raw inserts.
    const service = openService(dir);
    const raw = openRaw(dir);
    let single = 0;
    let rawSingle = 0;
    const { ours: singleRate, baseline: rawSingleRate } = await sideBySide(
      async () => {
        single++;
        await service.append({ aggregateType: 'Order', aggregateId: `s-${single % 1000}` }, [{ type: 'OrderNoted', payload: payload(single) }], {
          metadata: { correlationId: 'bench' },
        });
      },
      () => {
        rawSingle++;
        raw.row(`s-${rawSingle % 1000}`, rawSingle, payload(rawSingle));
      },
    );
    rows.push({
      group: GROUP,
      name: 'append, single events (events/s)',
      value: Math.round(singleRate),
      unit: 'events/s',
      baseline: Math.round(rawSingleRate),
      baselineName: 'raw better-sqlite3 insert',
      ratio: singleRate / rawSingleRate,
      target: '>= 0.5 of raw',
      met: singleRate / rawSingleRate >= 0.5,
    });

    // Batches of 100 in one append, against 100 raw inserts in one transaction.
    let batches = 0;
    // Every event names its own order (ids grow, as ULIDs do) and one of 50 customers.
    const batchOf = (batch: number) => Array.from({ length: 100 }, (_, i) => payload(batch * 100 + i));
    let rawBatches = 0;
    const { ours: batchRate, baseline: rawBatchRate } = await sideBySide(
      async () => {
        batches++;
        const events = batchOf(batches).map((p): NewEvent => ({ type: 'OrderNoted', payload: p }));
        await service.append({ aggregateType: 'Order', aggregateId: `b-${batches}` }, events, { metadata: { correlationId: 'bench' } });
      },
      () => {
        rawBatches++;
        raw.batch(`b-${rawBatches}`, 1, batchOf(rawBatches));
      },
    );
    rows.push({
      group: GROUP,
      name: 'append, batches of 100 (events/s)',
      value: Math.round(batchRate * 100),
      unit: 'events/s',
      baseline: Math.round(rawBatchRate * 100),
      baselineName: 'raw better-sqlite3 inserts in one transaction',
      ratio: batchRate / rawBatchRate,
      target: '>= 0.5 of raw',
      met: batchRate / rawBatchRate >= 0.5,
    });

    // The same, with payloads that name no entity: what the tag index costs shows as the difference.
    const plainEvents: NewEvent[] = Array.from({ length: 100 }, (_, i) => ({
      type: 'OrderNoted',
      payload: { note: 'a line of text about the order', amount: i },
    }));
    const plainPayloads = plainEvents.map((e) => e.payload as Record<string, unknown>);
    const { ours: plainRate, baseline: rawPlainRate } = await sideBySide(
      async () => {
        batches++;
        await service.append({ aggregateType: 'Order', aggregateId: `b-${batches}` }, plainEvents, { metadata: { correlationId: 'bench' } });
      },
      () => {
        rawBatches++;
        raw.batch(`b-${rawBatches}`, 1, plainPayloads);
      },
    );
    rows.push({
      group: GROUP,
      name: 'append, batches of 100 without correlated ids (events/s)',
      value: Math.round(plainRate * 100),
      unit: 'events/s',
      baseline: Math.round(rawPlainRate * 100),
      baselineName: 'raw better-sqlite3 inserts in one transaction',
      ratio: plainRate / rawPlainRate,
      target: '>= 0.5 of raw',
      met: plainRate / rawPlainRate >= 0.5,
    });
    raw.db.close();

    // Loading a 10,000-event aggregate: folding every event, against starting from a snapshot.
    const many: NewEvent[] = Array.from({ length: 1000 }, () => ({ type: 'Added', payload: { by: 1 } }));
    for (let i = 0; i < AGGREGATE_EVENTS / many.length; i++) await service.append({ aggregateType: 'Counter', aggregateId: 'big' }, many);
    const withoutSnapshots = openService(dir, Number.MAX_SAFE_INTEGER);
    const coldRate = await opsPerSecond(() => withoutSnapshots.load('Counter', 'big'), 1500);
    await service.rebuild('Counter', 'big');
    const snapshotRate = await opsPerSecond(() => service.load('Counter', 'big'), 1000);
    rows.push({
      group: GROUP,
      name: `load of a ${AGGREGATE_EVENTS}-event aggregate, no snapshot`,
      value: Math.round(coldRate * 10) / 10,
      unit: 'loads/s',
    });
    rows.push({
      group: GROUP,
      name: `load of a ${AGGREGATE_EVENTS}-event aggregate, from a snapshot`,
      value: Math.round(snapshotRate),
      unit: 'loads/s',
      baseline: Math.round(coldRate * 10) / 10,
      baselineName: 'the same load without a snapshot',
      ratio: snapshotRate / coldRate,
      target: '> 1 (faster than folding every event)',
      met: snapshotRate > coldRate,
    });
    await withoutSnapshots.close();

    // Reading the whole log page by page.
    const head = await service.log.head();
    for (let written = head; written < READ_ALL_EVENTS; written += 1000) {
      await service.append({ aggregateType: 'Filler', aggregateId: `f-${written}` }, many);
    }
    const total = await service.log.head();
    const started = performance.now();
    let read = 0;
    for (let after = 0; ; ) {
      const page = await service.readAll({ after, limit: 1000 });
      read += page.events.length;
      if (page.next === null) break;
      after = page.next;
    }
    const seconds = (performance.now() - started) / 1000;
    rows.push({ group: GROUP, name: `read all (${total} events, pages of 1000)`, value: Math.round(read / seconds), unit: 'events/s' });
    await service.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (await postgresReachable()) rows.push(...(await postgresRows()));
  return rows;
};
