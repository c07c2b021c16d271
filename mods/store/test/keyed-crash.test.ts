import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freshSchema, tempDir } from '@pattern/testing';
import Database from 'better-sqlite3';
import pg from 'pg';
import { expect, it } from 'vitest';

const script = fileURLToPath(new URL('./fixtures/keyed-write-loop.ts', import.meta.url));

// The tests allow a minute, not the default: a child process starts (and compiles) on a machine shared with other tests.

/** Runs the write loop until it acknowledged `writes` puts, then kills it with SIGKILL; answers the last acknowledged. */
async function killMidLoop(args: string[], writes: number): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  let acknowledged = -1;
  let buffered = '';
  await new Promise<void>((resolve, reject) => {
    child.on('exit', () => reject(new Error('the writer exited before it was killed')));
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) if (/^\d+$/.test(line)) acknowledged = Number(line);
      if (acknowledged >= writes) {
        child.kill('SIGKILL');
        resolve();
      }
    });
  });
  expect(await exited).toBe('SIGKILL');
  return acknowledged;
}

/** Every written document has its kept result and every kept result its document: one never commits without the other. */
function expectWritesMatchResults(docs: string[], keys: string[], acknowledged: number): void {
  const written = new Set(docs);
  expect(new Set(keys.map((key) => `w${key.slice('loop:'.length)}`))).toEqual(written);
  for (let i = 0; i <= acknowledged; i++) expect(written.has(`w${i}`)).toBe(true);
}

it('a process killed with SIGKILL while putting under keys on SQLite leaves no write without its result, nor a result without its write', async () => {
  const file = join(tempDir(), 'store.db');
  const acknowledged = await killMidLoop(['sqlite', file], 300);
  const db = new Database(file);
  try {
    const docs = db.prepare<[], { id: string }>("SELECT id FROM store_docs WHERE collection = 'log'").all();
    const keys = db.prepare<[], { key: string }>('SELECT key FROM store_results').all();
    expectWritesMatchResults(
      docs.map((row) => row.id),
      keys.map((row) => row.key),
      acknowledged,
    );
  } finally {
    db.close();
  }
}, 60_000);

it('the same on PostgreSQL', async () => {
  const schema = await freshSchema('store_keyed_crash');
  try {
    const acknowledged = await killMidLoop(['postgres', schema.url], 300);
    const client = new pg.Client({ connectionString: schema.url });
    await client.connect();
    try {
      // What another session sees is what committed: a transaction the kill cut short shows nothing.
      const docs = (await client.query<{ id: string }>("SELECT id FROM store_docs WHERE collection = 'log'")).rows;
      const keys = (await client.query<{ key: string }>('SELECT key FROM store_results WHERE result IS NOT NULL')).rows;
      const claimed = (await client.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM store_results WHERE result IS NULL')).rows[0]?.n;
      expect(claimed).toBe(0);
      expectWritesMatchResults(
        docs.map((row) => row.id),
        keys.map((row) => row.key),
        acknowledged,
      );
    } finally {
      await client.end();
    }
  } finally {
    await schema.drop();
  }
}, 60_000);
