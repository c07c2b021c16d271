import { join } from 'node:path';
import { freshSchema, tempDir } from '@pattern/testing';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createPostgresDriver, createSqliteDriver, type EventDriver } from '../src/index.ts';

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
