import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine } from '@pattern/core';
import { createPostgresDriver, createSqliteDriver, StoreService, storeMod } from '@pattern/mod-store';
import { createPool, transaction } from '@pattern/postgres';
import { freshSchema, TEST_DATABASE_URL } from '@pattern/testing';
import Database from 'better-sqlite3';
import pg from 'pg';
import { monotonicFactory } from 'ulid';
import { indexEntries } from '../mods/store/src/documents/index-keys.ts';
import type { BenchRow, BenchSuite } from './harness.ts';
import { opsPerSecond, QUICK, windowMs } from './harness.ts';

const INDEXES = ['status', 'total'];
const STATUSES = ['open', 'held', 'paid', 'shipped'];
const SMALL = 10_000;
const nextId = monotonicFactory();
const LARGE = 1_000_000;
/** The large collection grows until it has LARGE documents or this much time went into building it. */
const BUILD_BUDGET_MS = QUICK ? 5_000 : 45_000;

const data = (i: number) => ({ status: STATUSES[i % STATUSES.length], total: (i * 7919) % 10_000, customer: `c${i % 997}`, note: 'bench' });

/** The raw baseline: better-sqlite3 prepared statements doing what the driver does, on the same schema. */
function rawStore(file: string) {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('cache_size = -32000');
  const getDoc = db.prepare<[string, string], { id: string; data: string; version: number }>(
    'SELECT id, data, version, created_at, updated_at FROM store_docs WHERE collection = ? AND id = ?',
  );
  const upsert = db.prepare(
    `INSERT INTO store_docs (collection, id, data, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (collection, id) DO UPDATE SET data = excluded.data, version = excluded.version, updated_at = excluded.updated_at`,
  );
  const deleteEntries = db.prepare('DELETE FROM store_entries WHERE collection = ? AND doc_id = ?');
  const insertEntry = db.prepare('INSERT OR IGNORE INTO store_entries (collection, field, kind, value, doc_id, sort) VALUES (?, ?, ?, ?, ?, ?)');
  const range = db.prepare<[string, number, number, number], { id: string; data: string }>(
    `SELECT d.id, d.data, d.version, d.created_at, d.updated_at FROM store_entries o JOIN store_docs d ON d.collection = o.collection AND d.id = o.doc_id
     WHERE o.collection = ? AND o.field = 'total' AND o.sort = 1 AND o.kind = 2 AND o.value >= ? AND o.value < ? ORDER BY o.kind, o.value, o.doc_id LIMIT ?`,
  );
  const put = db.transaction((collection: string, id: string, value: Record<string, unknown>) => {
    const now = new Date().toISOString();
    const row = getDoc.get(collection, id);
    upsert.run(collection, id, JSON.stringify(value), (row?.version ?? 0) + 1, now, now);
    if (row) deleteEntries.run(collection, id);
    insertEntry.run(collection, 'status', 3, value.status as string, id, 1);
    insertEntry.run(collection, 'total', 2, value.total as number, id, 1);
  });
  /** Bulk loading for the scale figure: many documents per transaction, the rows the driver would write. */
  const load = db.transaction((collection: string, from: number, to: number) => {
    const now = new Date().toISOString();
    for (let i = from; i < to; i++) {
      const id = `d${String(i).padStart(8, '0')}`;
      const value = data(i);
      upsert.run(collection, id, JSON.stringify(value), 1, now, now);
      for (const e of indexEntries(value, INDEXES)) insertEntry.run(collection, e.field, e.kind, e.value ?? 0, id, e.sort ? 1 : 0);
    }
  });
  return {
    put: (collection: string, id: string, value: Record<string, unknown>) => put.immediate(collection, id, value),
    get: (collection: string, id: string) => {
      const row = getDoc.get(collection, id);
      return row ? JSON.parse(row.data) : undefined;
    },
    range: (collection: string, low: number, high: number, limit: number) =>
      range.all(collection, low, high, limit).map((row) => JSON.parse(row.data)),
    load,
    close: () => db.close(),
  };
}

/**
 * Operations per second of `a` and of its baseline `b`, measured in alternating rounds (best of
 * each), so that neither profits from running first or last on a warming, checkpointing database.
 */
async function pair(a: () => unknown, b: () => unknown, ms: number): Promise<[number, number]> {
  let bestA = 0;
  let bestB = 0;
  for (let round = 0; round < 3; round++) {
    bestA = Math.max(bestA, await opsPerSecond(a, ms / 3, 100));
    bestB = Math.max(bestB, await opsPerSecond(b, ms / 3, 100));
  }
  return [bestA, bestB];
}

/** Microseconds per query, over `count` queries spread across the value range. */
async function queryMicros(store: StoreService, collection: string, count: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const low = (i * 7919) % 9000;
    const page = await store.query({ collection, where: { total: { gte: low, lt: low + 500 } }, orderBy: 'total', limit: 50 });
    if (page.docs.length === 0) throw new Error('the bench query found nothing');
  }
  return ((performance.now() - start) * 1000) / count;
}

export const storeBench: BenchSuite = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pattern-bench-store-'));
  const rows: BenchRow[] = [];
  const versus = (name: string, value: number, baseline: number, baselineName: string, target?: { at: number; text: string }): BenchRow => ({
    group: 'store',
    name,
    value,
    unit: 'ops/s',
    baseline,
    baselineName,
    ratio: value / baseline,
    ...(target ? { target: target.text, met: value / baseline >= target.at } : {}),
  });
  try {
    const file = join(dir, 'store.db');
    const store = await new StoreService({ driver: createSqliteDriver(file), blobDir: join(dir, 'blobs') }).open();
    const raw = rawStore(file);
    await store.ensureCollection({ name: 'service', indexes: INDEXES });
    await store.ensureCollection({ name: 'raw', indexes: INDEXES });
    const half = { at: 0.5, text: '≥ 50% of raw' };

    let i = 0;
    const [servicePut, rawPut] = await pair(
      () => store.put({ collection: 'service', data: data(i++) }),
      () => raw.put('raw', nextId(), data(i++)),
      windowMs(1500),
    );
    rows.push(versus('put (2 indexes)', servicePut, rawPut, 'raw prepared statements', half));

    // Reads compare on the very same documents: the raw statements read the service's collection.
    const ids = (await store.query({ collection: 'service', limit: 1000 })).docs.map((d) => d.id);
    let g = 0;
    const [serviceGet, rawGet] = await pair(
      () => store.get('service', ids[g++ % ids.length] as string),
      () => raw.get('service', ids[g++ % ids.length] as string),
      windowMs(1200),
    );
    rows.push(versus('get by id', serviceGet, rawGet, 'raw prepared statements', half));

    let q = 0;
    const [serviceQuery, rawQuery] = await pair(
      () => {
        const low = (q++ * 7919) % 8000;
        return store.query({ collection: 'service', where: { total: { gte: low, lt: low + 2000 } }, orderBy: 'total', limit: 20 });
      },
      () => {
        const low = (q++ * 7919) % 8000;
        return raw.range('service', low, low + 2000, 21);
      },
      windowMs(1200),
    );
    rows.push(versus('indexed range query, 20 per page', serviceQuery, rawQuery, 'raw prepared statements', half));

    // The same query on 10,000 and on as many documents as the budget builds (1,000,000 if it can).
    raw.load('small', 0, SMALL);
    const buildStart = performance.now();
    let large = 0;
    while (large < LARGE && performance.now() - buildStart < BUILD_BUDGET_MS) {
      raw.load('large', large, large + 50_000);
      large += 50_000;
    }
    const buildSeconds = (performance.now() - buildStart) / 1000;
    await store.ensureCollection({ name: 'small', indexes: INDEXES });
    await store.ensureCollection({ name: 'large', indexes: INDEXES });
    // Fresh handle so that the collections loaded behind the service's back are known.
    await store.close();
    raw.close();
    const scaled = await new StoreService({ driver: createSqliteDriver(file), blobDir: join(dir, 'blobs') }).open();
    await queryMicros(scaled, 'small', 200);
    await queryMicros(scaled, 'large', 200);
    const atSmall = await queryMicros(scaled, 'small', 2000);
    const atLarge = await queryMicros(scaled, 'large', 2000);
    const largeName = large >= LARGE ? '1,000,000' : `${large.toLocaleString('en')} (the most built in ${BUILD_BUDGET_MS / 1000} s)`;
    rows.push({
      group: 'store',
      name: `range query at ${largeName} documents vs at 10,000 (built in ${buildSeconds.toFixed(1)} s)`,
      value: atLarge,
      unit: 'µs/query',
      baseline: atSmall,
      baselineName: '10,000 documents',
      ratio: atLarge / atSmall,
      target: '< 2× slower',
      met: atLarge / atSmall < 2,
    });

    let l = 0;
    const leasePairs = await opsPerSecond(async () => {
      const key = `job:${l++ % 100}`;
      const taken = await scaled.leases.acquire(key, 'bench', 60_000);
      if (!taken.ok) throw new Error('the bench lease was held');
      await scaled.leases.release(key, 'bench');
    }, windowMs(1000));
    rows.push({ group: 'store', name: 'lease acquire + release pairs', value: leasePairs, unit: 'pairs/s' });
    await scaled.close();

    const engineDir = join(dir, 'engine');
    const engine = createEngine({ mods: [storeMod], dataDir: engineDir });
    await engine.start();
    const plan = engine.compile({
      nodes: [
        { id: 'in', op: 'flow.input' },
        { id: 'put', op: 'store.put', config: { collection: 'orders' } },
        { id: 'out', op: 'flow.output' },
      ],
      edges: [
        { from: { node: 'in', port: 'value' }, to: { node: 'put', port: 'data' } },
        { from: { node: 'put', port: 'ok' }, to: { node: 'out', port: 'value' } },
      ],
    });
    const service = engine.services.get('store');
    let w = 0;
    const [viaWorkflow, direct] = await pair(
      () => engine.run({ plan, input: data(w++) }),
      () => service.put({ collection: 'orders', data: data(w++) }),
      windowMs(1500),
    );
    rows.push(versus('store.put through a workflow run', viaWorkflow, direct, 'direct service call'));
    await engine.stop();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (await postgresReachable()) rows.push(...(await postgresRows(versus)));
  return rows;
};

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

const RAW_PG = {
  lock: 'SELECT version FROM store_docs WHERE collection = $1 AND id = $2 FOR UPDATE',
  upsert: `INSERT INTO store_docs (collection, id, data, version, created_at, updated_at) VALUES ($1, $2, $3, 1, $4, $4)
    ON CONFLICT (collection, id) DO UPDATE SET data = excluded.data, version = store_docs.version + 1, updated_at = excluded.updated_at`,
  deleteEntries: 'DELETE FROM store_entries WHERE collection = $1 AND doc_id = $2',
  insertEntries: `INSERT INTO store_entries (collection, field, kind, num, str, doc_id, sort)
    VALUES ($1, 'status', 3, 0, $3, $2, true), ($1, 'total', 2, $4, '', $2, true) ON CONFLICT DO NOTHING`,
  get: 'SELECT id, data, version, created_at, updated_at FROM store_docs WHERE collection = $1 AND id = $2',
  range: `SELECT d.id, d.data, d.version, d.created_at, d.updated_at FROM store_entries o JOIN store_docs d ON d.collection = o.collection AND d.id = o.doc_id
    WHERE o.collection = $1 AND o.field = 'total' AND o.sort AND o.kind = 2 AND o.num >= $2 AND o.num < $3 ORDER BY o.kind, o.num, o.str, o.doc_id LIMIT $4`,
};

/**
 * Put, get and an indexed range query on PostgreSQL, against raw `pg` prepared statements doing
 * the same work on the same tables (a versioned upsert and its index entries in one transaction)
 * through a pool of the same size, in the same run.
 */
async function postgresRows(versus: (name: string, value: number, baseline: number, baselineName: string) => BenchRow): Promise<BenchRow[]> {
  const schema = await freshSchema('pattern_bench');
  const store = await new StoreService({ driver: await createPostgresDriver(schema.url), blobDir: tmpdir() }).open();
  const pool = createPool(schema.url, 10);
  const rows: BenchRow[] = [];
  const baseline = 'raw pg statements';
  try {
    await store.ensureCollection({ name: 'service', indexes: INDEXES });
    await store.ensureCollection({ name: 'raw', indexes: INDEXES });
    const rawPut = (id: string, value: ReturnType<typeof data>) =>
      transaction(pool, async (client) => {
        const now = new Date().toISOString();
        await client.query({ name: 'raw_lock', text: RAW_PG.lock, values: ['raw', id] });
        await client.query({ name: 'raw_upsert', text: RAW_PG.upsert, values: ['raw', id, JSON.stringify(value), now] });
        await client.query({ name: 'raw_delete_entries', text: RAW_PG.deleteEntries, values: ['raw', id] });
        await client.query({ name: 'raw_insert_entries', text: RAW_PG.insertEntries, values: ['raw', id, value.status, value.total] });
      });
    let i = 0;
    const [servicePut, rawPuts] = await pair(
      () => store.put({ collection: 'service', data: data(i++) }),
      () => rawPut(nextId(), data(i++)),
      windowMs(1500),
    );
    rows.push(versus('PostgreSQL: put (2 indexes)', servicePut, rawPuts, baseline));

    const ids = (await store.query({ collection: 'service', limit: 1000 })).docs.map((d) => d.id);
    let g = 0;
    const [serviceGet, rawGet] = await pair(
      () => store.get('service', ids[g++ % ids.length] as string),
      () => pool.query({ name: 'raw_get', text: RAW_PG.get, values: ['service', ids[g++ % ids.length]] }),
      windowMs(1200),
    );
    rows.push(versus('PostgreSQL: get by id', serviceGet, rawGet, baseline));

    let q = 0;
    const [serviceQuery, rawQuery] = await pair(
      () => {
        const low = (q++ * 7919) % 8000;
        return store.query({ collection: 'service', where: { total: { gte: low, lt: low + 2000 } }, orderBy: 'total', limit: 20 });
      },
      () => {
        const low = (q++ * 7919) % 8000;
        return pool.query({ name: 'raw_range', text: RAW_PG.range, values: ['service', low, low + 2000, 21] });
      },
      windowMs(1200),
    );
    rows.push(versus('PostgreSQL: indexed range query, 20 per page', serviceQuery, rawQuery, baseline));

    let l = 0;
    const leasePairs = await opsPerSecond(async () => {
      const key = `job:${l++ % 100}`;
      const taken = await store.leases.acquire(key, 'bench', 60_000);
      if (!taken.ok) throw new Error('the bench lease was held');
      await store.leases.release(key, 'bench');
    }, 1000);
    rows.push({ group: 'store', name: 'PostgreSQL: lease acquire + release pairs', value: leasePairs, unit: 'pairs/s' });
  } finally {
    await store.close();
    await pool.end();
    await schema.drop();
  }
  return rows;
}
