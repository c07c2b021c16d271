import { join } from 'node:path';
import { freshSchema, tempDir } from '@pattern/testing';
import Database from 'better-sqlite3';
import pg from 'pg';
import { expect, it } from 'vitest';
import type { StoreDriver } from '../src/drivers/driver.ts';
import { createPostgresDriver } from '../src/drivers/postgres.ts';
import { createSqliteDriver } from '../src/drivers/sqlite.ts';

/** Storage made before blobs had file names: it opens, its blobs have none, and new blobs keep theirs. */

const OLD_TABLE =
  'CREATE TABLE store_blobs (id TEXT PRIMARY KEY, mime TEXT NOT NULL, size BIGINT NOT NULL, sha256 TEXT NOT NULL, owner_id TEXT, created_at TEXT NOT NULL)';
const OLD_ROW = "INSERT INTO store_blobs VALUES ('01OLD', 'text/plain', 3, 'abc', NULL, '2030-01-01T00:00:00.000Z')";
const NEW_BLOB = {
  id: '01NEW',
  mime: 'text/plain',
  size: 1,
  sha256: 'def',
  ownerId: null,
  filename: 'new.txt',
  createdAt: '2030-01-02T00:00:00.000Z',
};

async function expectMigrated(driver: StoreDriver): Promise<void> {
  expect(await driver.getBlob('01OLD')).toMatchObject({ id: '01OLD', filename: null });
  await driver.insertBlob(NEW_BLOB);
  expect(await driver.getBlob('01NEW')).toEqual(NEW_BLOB);
  expect((await driver.listBlobs(10, undefined)).map((b) => b.filename)).toEqual([null, 'new.txt']);
}

it('adds the filename column to an SQLite file made before it, twice over', async () => {
  const file = join(tempDir(), 'store.db');
  const old = new Database(file);
  old.exec(OLD_TABLE);
  old.exec(OLD_ROW);
  old.close();
  const driver = createSqliteDriver(file);
  await expectMigrated(driver);
  await driver.close();
  const reopened = createSqliteDriver(file);
  expect(await reopened.getBlob('01NEW')).toEqual(NEW_BLOB);
  await reopened.close();
});

it('adds the filename column to a PostgreSQL schema made before it, twice over', async () => {
  const schema = await freshSchema('store_blob_names');
  const client = new pg.Client({ connectionString: schema.url });
  await client.connect();
  await client.query(OLD_TABLE);
  await client.query(OLD_ROW);
  await client.end();
  try {
    const driver = await createPostgresDriver(schema.url, { poolSize: 2 });
    await expectMigrated(driver);
    await driver.close();
    const reopened = await createPostgresDriver(schema.url, { poolSize: 2 });
    expect(await reopened.getBlob('01NEW')).toEqual(NEW_BLOB);
    await reopened.close();
  } finally {
    await schema.drop();
  }
});
