import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createPool } from '@pattern/postgres';
import { freshSchema, spawnServer, tempDir } from '@pattern/testing';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { root } from './helpers.ts';

/**
 * Run history through a real server process on each driver: strings the database refuses come
 * back exactly, a record it cannot take never stops the ones after it, every answer waits for its
 * record's commit, and the server still stops cleanly.
 */

const awkward = ['a\u0000b', '\ud800', 'x\udc00y', '\u007f0000', '\\u0000', '\ud83d\ude00'];
const bigintMod = join(root, 'apps/server/test/fixtures/bigint-mod.ts');

interface Database_ {
  env: Record<string, string>;
  /** The status of a run as committed, read over a connection of the test's own. */
  committedStatus(dataDir: string, id: string): Promise<string | undefined>;
  /** Makes the database refuse every run record that contains `text`. */
  refuse(dataDir: string, text: string): Promise<void>;
  close(): Promise<void>;
}

const databases: Record<string, () => Promise<Database_>> = {
  sqlite: async () => {
    const open = (dataDir: string) => new Database(join(dataDir, 'pattern.db'));
    return {
      env: {},
      committedStatus: async (dataDir, id) => {
        const db = open(dataDir);
        try {
          return (db.prepare('SELECT status FROM runs WHERE id = ?').get(id) as { status: string } | undefined)?.status;
        } finally {
          db.close();
        }
      },
      refuse: async (dataDir, text) => {
        const db = open(dataDir);
        for (const event of ['INSERT', 'UPDATE']) {
          db.exec(`CREATE TRIGGER refuse_${event} BEFORE ${event} ON runs WHEN instr(NEW.record, '${text}') > 0
                   BEGIN SELECT RAISE(ABORT, 'record refused'); END`);
        }
        db.close();
      },
      close: async () => {},
    };
  },
  postgres: async () => {
    const schema = await freshSchema();
    const pool = createPool(schema.url, 2);
    return {
      env: { PATTERN_DATABASE_URL: schema.url },
      committedStatus: async (_dataDir, id) => (await pool.query('SELECT status FROM runs WHERE id = $1', [id])).rows[0]?.status,
      refuse: async (_dataDir, text) => {
        await pool.query(`CREATE FUNCTION refuse_record() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN IF strpos(NEW.record::text, '${text}') > 0 THEN RAISE EXCEPTION 'record refused'; END IF; RETURN NEW; END $$`);
        await pool.query('CREATE TRIGGER refuse_record BEFORE INSERT OR UPDATE ON runs FOR EACH ROW EXECUTE FUNCTION refuse_record()');
      },
      close: async () => {
        await pool.end();
        await schema.drop();
      },
    };
  },
};

function exitCode(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe.each(Object.keys(databases))('run history of a server on %s', (name) => {
  let database: Database_ | undefined;
  afterEach(async () => {
    await database?.close();
    database = undefined;
  });

  it('keeps every string, is not jammed by a record it cannot store, answers after the commit, and stops with 0', async () => {
    database = await (databases[name] as () => Promise<Database_>)();
    const dataDir = tempDir('pattern-history-');
    const server = await spawnServer(dataDir, { dataDir, mods: [bigintMod] }, database.env);
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
    };
    const stopped = exitCode(server.child);
    try {
      // NUL and lone surrogates in inputs, outputs and traces.
      const invoked = await call('POST', '/api/ops/value.const/invoke', { inputs: { value: 'a\u0000b' } });
      expect(invoked.status).toBe(200);
      expect(invoked.body.output).toEqual({ value: 'a\u0000b' });
      expect(await call('GET', `/api/runs/${invoked.body.id}`)).toMatchObject({ status: 200, body: invoked.body });
      const echo = {
        nodes: [
          { id: 'in', op: 'flow.input' },
          { id: 'out', op: 'flow.output' },
        ],
        edges: [{ from: { node: 'in', port: 'value' }, to: { node: 'out', port: 'value' } }],
      };
      const echoed = await call('POST', '/api/runs', { workflow: echo, input: { awkward } });
      expect(echoed.body).toMatchObject({ status: 'ok', output: { awkward } });
      expect((await call('GET', `/api/runs/${echoed.body.id}`)).body).toEqual(echoed.body);

      // A route answers with its run id, and only once that run is committed.
      const routed = await fetch(`${server.url}/hello/${encodeURIComponent('a\u0000b')}`);
      expect(await routed.text()).toBe('Hello, a\u0000b!');
      const routeRun = routed.headers.get('x-pattern-run-id') as string;
      expect(await database.committedStatus(dataDir, routeRun)).toBe('ok');
      expect((await call('GET', `/api/runs/${routeRun}`)).body.input.params).toEqual({ name: 'a\u0000b' });

      // A BigInt output cannot be written as JSON: the run is kept without its values.
      const bigint = {
        nodes: [
          { id: 'b', op: 'test.bigint' },
          { id: 'out', op: 'flow.output' },
        ],
        edges: [{ from: { node: 'b', port: 'value' }, to: { node: 'out', port: 'value' } }],
      };
      const started = await call('POST', '/api/runs', { workflow: bigint, wait: false });
      expect(started.status).toBe(202);
      // A record the database itself refuses: the run is kept without its values.
      await database.refuse(dataDir, 'poison');
      const refused = await call('POST', '/api/ops/value.const/invoke', { inputs: { value: 'poison' } });
      expect(refused.body).toMatchObject({ status: 'ok', output: { value: 'poison' } });

      // Neither holds up what comes after.
      const after = await call('POST', '/api/ops/value.const/invoke', { inputs: { value: 'after' } });
      expect(await database.committedStatus(dataDir, after.body.id)).toBe('ok');
      expect((await call('GET', `/api/runs/${after.body.id}`)).body).toEqual(after.body);
      let listed = await call('GET', '/api/runs?limit=100');
      while (listed.body.runs.some((run: { status: string }) => run.status === 'running')) listed = await call('GET', '/api/runs?limit=100');
      expect(listed.status).toBe(200);
      const byId = new Map(listed.body.runs.map((run: { id: string }) => [run.id, run]));
      expect(byId.get(invoked.body.id)).toMatchObject({ input: invoked.body.input, output: { value: 'a\u0000b' } });
      expect(byId.get(started.body.id)).toMatchObject({ status: 'ok', output: { $truncated: true } });
      expect((await call('GET', `/api/runs/${refused.body.id}`)).body).toMatchObject({
        status: 'ok',
        output: { $truncated: true, preview: '(the database refused this record)' },
      });
      expect(server.output()).toContain(refused.body.id);
      expect((await call('GET', '/api/workflows')).status).toBe(200);
    } finally {
      server.child.kill('SIGTERM');
    }
    expect(await stopped).toBe(0);
  }, 60_000);
});
