import { freshSchema, TEST_DATABASE_URL } from '@pattern/testing';
import pg from 'pg';
import { afterEach, expect, it } from 'vitest';
import { createPool, type Listener, listen } from '../src/index.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A pool whose connections carry the schema's name as their application_name, so a test can find (and cut) its own. */
async function namedPool() {
  const schema = await freshSchema('listen_test');
  cleanups.push(schema.drop);
  const url = new URL(schema.url);
  url.searchParams.set('application_name', schema.schema);
  const pool = createPool(url.toString(), 2);
  cleanups.push(() => pool.end());
  return { pool, name: schema.schema };
}

async function admin<T extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<T[]> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** The backends of `name`'s connections that LISTEN. */
const listeners = (name: string) =>
  admin<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND query ILIKE 'LISTEN%'`, [name]);

const terminateListeners = (name: string) =>
  admin<{ pid: number }>(`SELECT pid, pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND query ILIKE 'LISTEN%'`, [name]);

async function waitUntil(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function start(pool: pg.Pool, channel: string) {
  const heard: string[] = [];
  let reconnects = 0;
  const listener: Listener = listen(pool, channel, (payload) => heard.push(payload), {
    onReconnect: () => reconnects++,
    minDelayMs: 10,
  });
  cleanups.push(() => listener.close());
  return { listener, heard, reconnects: () => reconnects };
}

it('hands over the notifications of its channel, and only those', async () => {
  const { pool } = await namedPool();
  const { listener, heard, reconnects } = start(pool, 'test_events');
  await listener.listening();
  await pool.query(`SELECT pg_notify('test_other', 'ignored'), pg_notify('test_events', 'one')`);
  await pool.query(`NOTIFY test_events, 'two'`);
  await waitUntil(() => heard.length === 2);
  expect(heard).toEqual(['one', 'two']);
  expect(reconnects()).toBe(0);
});

it('listens again after its connection is cut, says so, and hears what is sent afterwards', async () => {
  const { pool, name } = await namedPool();
  const { listener, heard, reconnects } = start(pool, 'test_events');
  await listener.listening();
  const [before] = await listeners(name);
  expect(before).toBeDefined();

  expect(await terminateListeners(name)).toHaveLength(1);
  await waitUntil(() => reconnects() === 1);
  const after = await listeners(name);
  expect(after).toHaveLength(1);
  expect(after[0]?.pid).not.toBe(before?.pid);

  await pool.query(`SELECT pg_notify('test_events', 'after the cut')`);
  await waitUntil(() => heard.length === 1);
  expect(heard).toEqual(['after the cut']);
});

it('keeps trying while the database refuses it, and listens once it can', async () => {
  const { pool, name } = await namedPool();
  const role = `${name}_role`;
  await admin(`CREATE ROLE ${role} NOLOGIN`, []);
  cleanups.push(async () => void (await admin(`DROP ROLE IF EXISTS ${role}`, [])));
  const url = new URL(TEST_DATABASE_URL);
  url.username = role;
  url.searchParams.set('application_name', name);
  const refused = createPool(url.toString(), 1);
  cleanups.push(() => refused.end());

  const { listener, heard, reconnects } = start(refused, 'test_events');
  await expect(listener.listening()).rejects.toThrow();
  await admin(`ALTER ROLE ${role} LOGIN`, []);
  await waitUntil(() => reconnects() === 1);
  await listener.listening();
  await pool.query(`SELECT pg_notify('test_events', 'at last')`);
  await waitUntil(() => heard.length === 1);
  expect(heard).toEqual(['at last']);
});

it('stops for good when closed', async () => {
  const { pool, name } = await namedPool();
  const { listener } = start(pool, 'test_events');
  await listener.listening();
  await listener.close();
  await waitUntil(async () => (await listeners(name)).length === 0);
  await expect(listener.listening()).rejects.toThrow(/closed/);
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(await listeners(name)).toHaveLength(0);
});

it('refuses a channel name it would have to quote', async () => {
  const { pool } = await namedPool();
  expect(() => listen(pool, 'bad; DROP TABLE x', () => {})).toThrow(/channel name/);
});
