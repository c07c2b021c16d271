import { join } from 'node:path';
import { freshSchema, tempDir } from '@pattern/testing';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createPostgresDriver, createSqliteDriver, type EventDriver, EventLog } from '../src/index.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const paused = { kind: 'paused' as const, reason: 'checking', since: '2026-01-02T00:00:00.000Z' };

/** A checkpoint written before consumers could be paused is read as it was, and can be paused now. */
async function expectPausable(driver: EventDriver): Promise<void> {
  expect(await driver.getCheckpoint('projection:old')).toEqual({
    name: 'projection:old',
    position: 7,
    version: 1,
    updated: '2026-01-01T00:00:00.000Z',
  });
  expect(await driver.setPause('projection:old', paused)).toBe(true);
  expect((await driver.getCheckpoint('projection:old'))?.pause).toEqual(paused);
}

describe('event stores made before consumers could be paused', () => {
  it('SQLite: gains the pause column when opened', async () => {
    const file = join(tempDir(), 'events.db');
    const old = new Database(file);
    old.exec(
      'CREATE TABLE checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL, version INTEGER NOT NULL, updated TEXT NOT NULL) WITHOUT ROWID',
    );
    old.prepare('INSERT INTO checkpoints VALUES (?, ?, ?, ?)').run('projection:old', 7, 1, '2026-01-01T00:00:00.000Z');
    old.close();
    const driver = createSqliteDriver(file);
    cleanups.push(() => driver.close());
    await expectPausable(driver);
  });

  it('PostgreSQL: gains the pause column when opened', async () => {
    const schema = await freshSchema('events_old');
    cleanups.push(schema.drop);
    const client = new pg.Client({ connectionString: schema.url });
    await client.connect();
    await client.query(
      'CREATE TABLE event_checkpoints (name TEXT PRIMARY KEY, position BIGINT NOT NULL, version INTEGER NOT NULL, updated TIMESTAMPTZ NOT NULL)',
    );
    await client.query('INSERT INTO event_checkpoints VALUES ($1, $2, $3, $4)', ['projection:old', 7, 1, '2026-01-01T00:00:00.000Z']);
    await client.end();
    const driver = await createPostgresDriver(schema.url);
    cleanups.push(() => driver.close());
    await expectPausable(driver);
  });
});

describe('SQLite event stores made when correlation ids had an index of their own', () => {
  it('find every correlated event after the index is moved into the tag index, and append without it', async () => {
    const file = join(tempDir(), 'events.db');
    const first = createSqliteDriver(file);
    const log = new EventLog(first);
    const appendSome = async (from: number, to: number) => {
      for (let i = from; i < to; i++) {
        await log.append({ aggregateType: 'Order', aggregateId: `o${i % 4}` }, [{ type: 'Noted', payload: { i, orderId: `o${i % 4}` } }], {
          metadata: { correlationId: i % 3 === 0 ? 'every-third' : 'others' },
        });
      }
    };
    await appendSome(0, 15);
    // A tag query brings the tag index up to the 15th event; the next 15 are left for a later batch.
    expect((await log.query({ tag: { orderId: 'o1' } })).events.length).toBeGreaterThan(0);
    await appendSome(15, 30);
    await first.close();
    const old = new Database(file);
    old.exec("DELETE FROM tags WHERE name = '$correlation'");
    old.exec('CREATE INDEX events_by_correlation ON events (correlation_id, position) WHERE correlation_id IS NOT NULL');
    expect(old.prepare('SELECT position FROM tag_index').get()).toEqual({ position: 15 });
    old.close();

    const reopened = createSqliteDriver(file);
    cleanups.push(() => reopened.close());
    const again = new EventLog(reopened);
    const thirds = await again.readAll({ correlationId: 'every-third' });
    expect(thirds.events.map((e) => e.payload.i)).toEqual([0, 3, 6, 9, 12, 15, 18, 21, 24, 27]);
    const backward = await again.readAll({ correlationId: 'others', direction: 'backward', limit: 3 });
    expect(backward.events.map((e) => e.payload.i)).toEqual([29, 28, 26]);
    await again.append({ aggregateType: 'Order', aggregateId: 'o9' }, [{ type: 'Noted', payload: { i: 30 } }], {
      metadata: { correlationId: 'every-third' },
    });
    expect(
      (await again.readAll({ correlationId: 'every-third', after: thirds.events.at(-1)?.position ?? 0 })).events.map((e) => e.payload.i),
    ).toEqual([30]);
    const check = new Database(file, { readonly: true });
    expect(check.prepare("SELECT name FROM sqlite_master WHERE name = 'events_by_correlation'").all()).toEqual([]);
    check.close();
  });
});
