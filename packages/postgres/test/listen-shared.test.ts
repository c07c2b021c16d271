import { freshSchema, TEST_DATABASE_URL } from '@pattern/testing';
import pg from 'pg';
import { afterEach, expect, it } from 'vitest';
import { createPool, listen } from '../src/index.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function admin<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/**
 * A database URL whose connections carry a name of their own. Only listeners connect with it (the
 * notifications are sent over other connections), so its backends are the listeners' connections.
 */
async function namedUrl() {
  const schema = await freshSchema('listen_shared');
  cleanups.push(schema.drop);
  const url = new URL(schema.url);
  url.searchParams.set('application_name', schema.schema);
  return { url: url.toString(), name: schema.schema };
}

function pool(url: string) {
  const made = createPool(url, 2);
  cleanups.push(() => made.end());
  return made;
}

const backends = async (name: string) =>
  (await admin<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [name])).map((row) => row.pid);

function subscriber(of: pg.Pool, channel: string) {
  const heard: string[] = [];
  let reconnects = 0;
  const listener = listen(of, channel, (payload) => heard.push(payload), { onReconnect: () => reconnects++, minDelayMs: 10 });
  cleanups.push(() => listener.close());
  return { listener, heard, reconnects: () => reconnects };
}

async function waitUntil(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

it('listens on several channels, through several pools of one database, over one backend connection', async () => {
  const { url, name } = await namedUrl();
  const one = pool(url);
  const workflows = subscriber(one, 'test_workflows');
  const secrets = subscriber(one, 'test_secrets');
  const presence = subscriber(pool(url), 'test_presence');
  const again = subscriber(one, 'test_workflows');
  for (const s of [workflows, secrets, presence, again]) await s.listener.listening();
  expect(await backends(name)).toHaveLength(1);

  await admin(`SELECT pg_notify('test_workflows', 'w'), pg_notify('test_secrets', 's'), pg_notify('test_presence', 'p')`);
  await waitUntil(() => workflows.heard.length + secrets.heard.length + presence.heard.length + again.heard.length === 4);
  expect([workflows.heard, secrets.heard, presence.heard, again.heard]).toEqual([['w'], ['s'], ['p'], ['w']]);
});

it('tells every subscriber it reconnected after its connection is cut, and each hears what follows', async () => {
  const { url, name } = await namedUrl();
  const shared = pool(url);
  const workflows = subscriber(shared, 'test_workflows');
  const secrets = subscriber(shared, 'test_secrets');
  await workflows.listener.listening();
  await secrets.listener.listening();
  const [before] = await backends(name);

  const cut = await admin('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [name]);
  expect(cut).toHaveLength(1);
  await waitUntil(() => workflows.reconnects() === 1 && secrets.reconnects() === 1);
  const after = await backends(name);
  expect(after).toHaveLength(1);
  expect(after[0]).not.toBe(before);

  await admin(`SELECT pg_notify('test_workflows', 'after'), pg_notify('test_secrets', 'after')`);
  await waitUntil(() => workflows.heard.length === 1 && secrets.heard.length === 1);
  expect([workflows.heard, secrets.heard]).toEqual([['after'], ['after']]);
});

it('keeps listening for the others when one subscriber closes, and ends the connection with the last', async () => {
  const { url, name } = await namedUrl();
  const shared = pool(url);
  const leaving = subscriber(shared, 'test_leaving');
  const staying = subscriber(shared, 'test_staying');
  const sameChannel = subscriber(shared, 'test_staying');
  for (const s of [leaving, staying, sameChannel]) await s.listener.listening();

  await leaving.listener.close();
  await expect(leaving.listener.listening()).rejects.toThrow(/closed/);
  await sameChannel.listener.close();
  await admin(`SELECT pg_notify('test_leaving', 'gone'), pg_notify('test_staying', 'here')`);
  await waitUntil(() => staying.heard.length === 1);
  // A notification sent before the one that arrived would have arrived before it.
  expect(leaving.heard).toEqual([]);
  expect(sameChannel.heard).toEqual([]);
  expect(staying.heard).toEqual(['here']);
  expect(await backends(name)).toHaveLength(1);

  await staying.listener.close();
  await waitUntil(async () => (await backends(name)).length === 0);
  const later = subscriber(shared, 'test_staying');
  await later.listener.listening();
  expect(await backends(name)).toHaveLength(1);
});
