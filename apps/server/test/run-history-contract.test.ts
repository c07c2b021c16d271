import { join } from 'node:path';
import { createLogger, createMemoryRunStore, type RunStore, summarize } from '@pattern/core';
import { createPool } from '@pattern/postgres';
import { freshSchema, tempDir } from '@pattern/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/persistence/database.ts';
import { createPostgresRunStore } from '../src/persistence/runs/postgres.ts';
import { createSqliteRunStore } from '../src/persistence/runs/sqlite.ts';
import { runRecord as run } from './fixtures/run-record.ts';

/** Run history on every driver: what `save` promises, what survives, and what cannot jam it. */

interface History {
  runs: RunStore;
  /** Another store on the same database, as the next start of the server opens it. */
  reopen(): Promise<RunStore>;
  /** Makes the database itself refuse every run record whose text contains `text`. */
  refuse?(text: string): Promise<void>;
  close(): Promise<void>;
}

const errors: Array<{ message: string; fields?: Record<string, unknown> }> = [];
const log = createLogger((level, message, fields) => {
  if (level === 'error') errors.push({ message, ...(fields ? { fields } : {}) });
});
const options = { keep: 5, maxValueBytes: 4096, log };

const drivers: Record<string, () => Promise<History>> = {
  memory: async () => {
    const runs = createMemoryRunStore({ keep: options.keep });
    return { runs, reopen: async () => runs, close: async () => {} };
  },
  sqlite: async () => {
    const file = join(tempDir(), 'pattern.db');
    const db = openDatabase(file);
    const others: Array<ReturnType<typeof openDatabase>> = [];
    return {
      runs: createSqliteRunStore(db, options),
      reopen: async () => {
        const other = openDatabase(file);
        others.push(other);
        return createSqliteRunStore(other, options);
      },
      refuse: async (text) => {
        for (const event of ['INSERT', 'UPDATE']) {
          db.exec(`CREATE TRIGGER refuse_${event} BEFORE ${event} ON runs WHEN instr(NEW.record, '${text}') > 0
                   BEGIN SELECT RAISE(ABORT, 'record refused'); END`);
        }
      },
      close: async () => {
        for (const other of others) other.close();
        db.close();
      },
    };
  },
  postgres: async () => {
    const schema = await freshSchema();
    const pool = createPool(schema.url, 4);
    const stores = [await createPostgresRunStore(pool, { ...options, instanceId: 'first' })];
    return {
      runs: stores[0] as RunStore,
      reopen: async () => {
        const next = await createPostgresRunStore(pool, { ...options, instanceId: `next-${stores.length}` });
        stores.push(next);
        return next;
      },
      refuse: async (text) => {
        await pool.query(`CREATE FUNCTION refuse_record() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN IF strpos(NEW.record::text, '${text}') > 0 THEN RAISE EXCEPTION 'record refused'; END IF; RETURN NEW; END $$`);
        await pool.query('CREATE TRIGGER refuse_record BEFORE INSERT OR UPDATE ON runs FOR EACH ROW EXECUTE FUNCTION refuse_record()');
      },
      close: async () => {
        for (const store of stores) await store.close();
        await pool.end();
        await schema.drop();
      },
    };
  },
};

/** Strings JSON carries and some databases refuse or mangle: NUL, lone surrogates, DEL, and look-alikes of their escapes. */
const awkward = [
  'a\u0000b',
  '\u0000',
  '\ud800',
  'x\udc00y',
  '\u007f',
  '\u007f0000',
  '\u007f\u007f',
  '\\u0000',
  '\\\u0000',
  '\ud83d\ude00',
  'é\u0001',
];

describe.each(Object.keys(drivers))('run history on %s', (name) => {
  let history: History | undefined;
  afterEach(async () => {
    await history?.close();
    history = undefined;
    errors.length = 0;
  });
  const open = async () => {
    history = await (drivers[name] as () => Promise<History>)();
    return history;
  };
  const serializes = name !== 'memory';

  it('resolves save only once the record is committed: the next start finds it at once', async () => {
    const { runs, reopen } = await open();
    await runs.save(run('01A', { status: 'running', nodes: {} }));
    await Promise.all([runs.save(run('01A')), runs.save(run('01B', { status: 'error' }))]);
    const next = await reopen();
    expect(await next.get('01A')).toMatchObject({ status: 'ok', nodes: { a: { status: 'ok' } } });
    expect(await next.get('01B')).toMatchObject({ status: 'error' });
  });

  it('gives back every string exactly, NUL and lone surrogates included, in records, summaries and graphs', async () => {
    const { runs, reopen } = await open();
    const values = Object.fromEntries(awkward.map((text, i) => [`k${i}${text}`, text]));
    const record = run('01C', {
      input: { values, list: awkward },
      output: awkward.join('|'),
      error: { code: 'odd', message: 'a\u0000b\ud800', details: { awkward } },
      nodes: {
        a: { status: 'ok', inputs: { value: awkward }, outputs: { value: values }, logs: [{ at: 'now', level: 'info', message: '\u0000' }] },
      },
      graph: { nodes: [{ id: 'a', op: 'value.const', config: { value: awkward } }], edges: [] },
    });
    await runs.save(record);
    await runs.save(run('01D', { status: 'running', input: awkward }));
    const next = await reopen();
    expect(await next.get('01C')).toEqual(record);
    const { graph: _graph, nodes: _nodes, ...summary } = record;
    expect((await next.list({ limit: 10 })).runs.find((r) => r.id === '01C')).toEqual(summary);
    expect((await next.list({ status: 'running' })).runs.map((r) => r.input)).toEqual([awkward]);
    expect((await runs.listRunning()).map((r) => r.input)).toEqual([awkward]);
    await runs.save(run('01E', { output: awkward }));
    expect((await next.latestByWorkflow()).w).toEqual(summarize(run('01E', { output: awkward })));
  });

  it('answers lookups by an id, workflow id or cursor holding a NUL like any other', async () => {
    const { runs } = await open();
    await Promise.all([runs.save(run('01Q')), runs.save(run('01R')), runs.save(run('01S'))]);
    expect(await runs.get('01R\u0000')).toBeUndefined();
    expect((await runs.list({ workflowId: 'w\u0000' })).runs).toEqual([]);
    expect((await runs.list({ cursor: '01R\u0000x' })).runs.map((r) => r.id)).toEqual(['01R', '01Q']);
  });

  it.runIf(serializes)('stores a record that cannot be serialized without its values, and everything around it whole', async () => {
    const { runs, reopen } = await open();
    await Promise.all([runs.save(run('01F')), runs.save(run('01G', { output: 10n, status: 'ok' })), runs.save(run('01H'))]);
    await runs.save(run('01I'));
    const next = await reopen();
    expect(await next.get('01G')).toMatchObject({ id: '01G', status: 'ok', output: { $truncated: true, preview: '(not serializable)' } });
    for (const id of ['01F', '01H', '01I']) expect(await next.get(id), id).toMatchObject({ id, status: 'ok', input: { n: id } });
  });

  it.runIf(name !== 'memory')('isolates a record the database refuses: its batch and the ones after it are stored, it is logged', async () => {
    const { runs, reopen, refuse } = await open();
    await refuse?.('poison');
    const batch = [run('01J'), run('01K', { input: 'poison', status: 'error', error: { code: 'e', message: 'm', details: null } }), run('01L')];
    await Promise.all(batch.map((r) => runs.save(r)));
    await runs.save(run('01M'));
    await runs.flush();
    const next = await reopen();
    for (const id of ['01J', '01L', '01M']) expect(await next.get(id), id).toMatchObject({ id, status: 'ok', input: { n: id } });
    // Stored all the same, without the values the database refused: the run is in history, settled.
    expect(await next.get('01K')).toMatchObject({
      status: 'error',
      error: { code: 'e' },
      input: { $truncated: true, preview: '(the database refused this record)' },
      nodes: { a: { status: 'ok' } },
    });
    expect(errors.some((e) => e.fields?.runId === '01K')).toBe(true);
    expect((await next.list({ limit: 10 })).runs.map((r) => r.id)).toEqual(['01M', '01L', '01K', '01J']);
  });

  it('keeps the newest runs.keep runs once it prunes', async () => {
    const { runs } = await open();
    const ids = Array.from({ length: 1000 }, (_, i) => `01N${String(i).padStart(4, '0')}`);
    await Promise.all(ids.map((id) => runs.save(run(id))));
    const page = await runs.list({ limit: 500 });
    expect(page.runs.map((r) => r.id)).toEqual(ids.slice(-5).reverse());
  });
});
