import { join } from 'node:path';
import { isPatternError } from '@pattern/core';
import { freshSchema, tempDir } from '@pattern/testing';
import fc from 'fast-check';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import {
  createMemoryDriver,
  createPostgresDriver,
  createSqliteDriver,
  EventLog,
  type ExpectedVersion,
  type StoredEvent,
  type TagQueryOptions,
} from '../src/index.ts';

const streamArb = fc.constantFrom('a', 'b', 'c');
const expectedArb = fc.oneof(fc.constantFrom<ExpectedVersion>('any', 'no_stream', 'exists'), fc.integer({ min: 0, max: 4 }));
const eventArb = fc.record({
  type: fc.constantFrom('Placed', 'Paid', 'Shipped'),
  payload: fc.record({ store_id: fc.constantFrom('s1', 's2'), productId: fc.constantFrom('p1', 'p2', 'p3'), n: fc.integer() }),
});
const appendArb = fc.record({ stream: streamArb, expected: expectedArb, events: fc.array(eventArb, { minLength: 1, maxLength: 4 }) });

/** What an event looks like without what the store stamps (ids, times). */
const shape = (e: StoredEvent) => [e.aggregateId, e.version, e.position, e.type, e.payload];

describe('drivers against a model (memory, SQLite, PostgreSQL)', () => {
  it('agree with each other and with a model of versions and positions, whatever the appends', async () => {
    // One PostgreSQL schema for every run, emptied between runs: creating one per run would cost more than the run.
    const schema = await freshSchema('events_model');
    const postgres = await createPostgresDriver(schema.url);
    const admin = new pg.Client({ connectionString: schema.url });
    await admin.connect();
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(appendArb, { maxLength: 25 }), async (appends) => {
          await admin.query('TRUNCATE events, event_streams, event_tags');
          const logs = [new EventLog(createMemoryDriver()), new EventLog(createSqliteDriver(join(tempDir(), 'events.db'))), new EventLog(postgres)];
          const versions = new Map<string, number>();
          let head = 0;
          for (const { stream, expected, events } of appends) {
            const actual = versions.get(stream) ?? 0;
            const holds = expected === 'any' || (expected === 'no_stream' ? actual === 0 : expected === 'exists' ? actual > 0 : expected === actual);
            for (const log of logs) {
              try {
                const result = await log.append({ aggregateType: 'T', aggregateId: stream }, events, { expectedVersion: expected });
                expect(holds).toBe(true);
                expect(result.events.map((e) => [e.version, e.position])).toEqual(events.map((_, i) => [actual + i + 1, head + i + 1]));
              } catch (error) {
                if (!isPatternError(error)) throw error;
                expect(holds).toBe(false);
                expect(error.details).toMatchObject({ expected, actual });
              }
            }
            if (holds) {
              versions.set(stream, actual + events.length);
              head += events.length;
            }
          }
          const [memory, ...others] = logs as [EventLog, ...EventLog[]];
          const all = async (log: EventLog) => (await log.readAll({ limit: 1000 })).events.map(shape);
          for (const other of others) {
            expect(await other.head()).toBe(head);
            expect(await all(other)).toEqual(await all(memory));
          }
          expect((await all(memory)).map((e) => e[2])).toEqual(Array.from({ length: head }, (_, i) => i + 1));
          const queries: TagQueryOptions[] = [
            { tag: { store_id: 's1' } },
            { tag: { productId: 'p2' }, types: ['Paid', 'Shipped'] },
            { tag: { store_id: 's2', productId: 'p1' }, after: 3 },
            { tag: { productId: 'p3' }, direction: 'backward', limit: 2 },
          ];
          for (const query of queries) {
            const [a, ...rest] = await Promise.all(logs.map((log) => log.query(query)));
            for (const b of rest) {
              expect(b.events.map(shape)).toEqual(a?.events.map(shape));
              expect(b.next).toEqual(a?.next);
            }
          }
          for (const options of [{ types: ['Paid'] }, { aggregateType: 'T', after: 2, limit: 3 }, { direction: 'backward' as const, limit: 4 }]) {
            const [a, ...rest] = await Promise.all(logs.map((log) => log.readAll(options)));
            for (const b of rest) expect(b.events.map(shape)).toEqual(a?.events.map(shape));
          }
          for (const stream of ['a', 'b', 'c']) {
            const ref = { aggregateType: 'T', aggregateId: stream };
            const [a, ...rest] = await Promise.all(logs.map((log) => log.read(ref, { direction: 'backward', fromVersion: 2 })));
            for (const b of rest) expect(b.map(shape)).toEqual(a?.map(shape));
          }
          await Promise.all(logs.slice(0, 2).map((log) => log.driver.close()));
        }),
        { numRuns: 40 },
      );
    } finally {
      await admin.end();
      await postgres.close();
      await schema.drop();
    }
  }, 60_000);
});
