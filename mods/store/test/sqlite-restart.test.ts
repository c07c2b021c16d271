import { join } from 'node:path';
import { tempDir } from '@pattern/testing';
import Database from 'better-sqlite3';
import { beforeEach, expect, it } from 'vitest';
import { planQuery } from '../src/documents/query-plan.ts';
import { querySql } from '../src/documents/query-sql.ts';
import { sqliteDialect } from '../src/drivers/sqlite-dialect.ts';
import type { QueryInput } from '../src/schemas.ts';
import { manualClock, openService } from './helpers.ts';

let dir: string;
beforeEach(() => {
  dir = tempDir();
});

it('keeps documents, indexes, blobs and fencing tokens across restarts', async () => {
  const clock = manualClock();
  const first = await openService('sqlite', dir, { now: clock.now });
  await first.ensureCollection({ name: 'orders', indexes: ['total'] });
  await first.put({ collection: 'orders', id: 'a', data: { total: 5 } });
  const blob = await first.blobs.put('kept');
  for (const owner of ['a', 'b', 'c']) {
    await first.leases.acquire('lock', owner, 1000);
    await first.leases.release('lock', owner);
  }
  await first.leases.acquire('lock', 'd', 1000);
  await first.close();

  clock.advance(5000);
  const second = await openService('sqlite', dir, { now: clock.now });
  expect(await second.listCollections()).toEqual([{ name: 'orders', indexes: ['total'], count: 1 }]);
  expect((await second.query({ collection: 'orders', where: { total: { gt: 1 } } })).docs.map((d) => d.id)).toEqual(['a']);
  expect(await second.blobs.getMeta(blob.id)).toEqual(blob);
  // The lease of "d" expired while the store was down; the next holder still gets a greater token.
  expect(await second.leases.acquire('lock', 'e', 1000)).toMatchObject({ ok: true, lease: { token: 5 } });
  await expect(second.put({ collection: 'orders', id: 'a', data: {}, fence: { key: 'lock', token: 4 } })).rejects.toMatchObject({ code: 'conflict' });
  await second.close();
});

it('opens SQLite in WAL mode with synchronous=NORMAL and a busy timeout', async () => {
  const store = await openService('sqlite', dir);
  await store.put({ collection: 'x', data: {} });
  await store.close();
  const db = new Database(join(dir, 'store.db'));
  expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
  db.close();
});

it('answers indexed queries from the index, never by sorting or scanning the collection', async () => {
  const store = await openService('sqlite', dir);
  await store.ensureCollection({ name: 'orders', indexes: ['status', 'total'] });
  await store.put({ collection: 'orders', data: { status: 'open', total: 1 } });
  await store.close();
  const db = new Database(join(dir, 'store.db'));
  const indexes = ['status', 'total'];
  const queries: Array<Omit<QueryInput, 'collection'>> = [
    { where: { total: { gte: 10, lt: 100 } } },
    { where: { total: { gte: 10 } }, orderBy: 'total', order: 'desc' as const },
    { where: { status: 'open' } },
    { where: { status: 'open' }, orderBy: 'total' },
    { orderBy: 'total' },
    {},
  ];
  for (const query of queries) {
    const { sql, params } = querySql(planQuery({ collection: 'orders', ...query }, indexes), sqliteDialect);
    const details = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((row) => row.detail).join('\n');
    expect(details, JSON.stringify(query)).not.toMatch(/TEMP B-TREE|SCAN o\b|SCAN d\b/);
  }
  db.close();
});
