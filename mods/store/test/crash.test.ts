import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine } from '@pattern/core';
import { tempDir } from '@pattern/testing';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { storeMod } from '../src/index.ts';
import { storeOf } from './helpers.ts';

const script = fileURLToPath(new URL('./fixtures/write-loop.ts', import.meta.url));

it('a process killed with SIGKILL in the middle of a write loop loses no acknowledged write and leaves a consistent store', async () => {
  const dir = tempDir();
  const child = spawn(process.execPath, ['--import', 'tsx', script, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  let acknowledged = -1;
  const blobs: string[] = [];
  let buffered = '';
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  await new Promise<void>((resolve, reject) => {
    child.on('exit', () => reject(new Error('the writer exited before it was killed')));
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('blob ')) blobs.push(line.slice(5));
        else if (/^\d+$/.test(line)) acknowledged = Number(line);
      }
      if (acknowledged >= 400) {
        child.kill('SIGKILL');
        resolve();
      }
    });
  });
  expect(await exited).toBe('SIGKILL');

  const db = new Database(join(dir, 'store.db'));
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  const ids = new Set(
    db
      .prepare<[], { id: string }>("SELECT id FROM store_docs WHERE collection = 'log'")
      .all()
      .map((row) => row.id),
  );
  for (let i = 0; i <= acknowledged; i++) expect(ids.has(`w${String(i).padStart(7, '0')}`)).toBe(true);
  // Index entries agree with the documents: two per document (i and even), none dangling.
  const entries = db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM store_entries WHERE collection = 'log'").get()?.n;
  expect(entries).toBe(ids.size * 2);
  db.close();

  const engine = createEngine({ mods: [storeMod], dataDir: dir });
  await engine.start();
  try {
    const store = storeOf(engine);
    expect(await store.count({ collection: 'log', where: { even: true } })).toBe(Math.ceil(ids.size / 2));
    for (const id of blobs) expect(await store.blobs.getMeta(id)).toBeDefined();
    // After the start-up sweep, every file has a row and every row a file.
    const rows = (await store.blobs.list({ limit: 1000 })).blobs.map((b) => b.id).sort();
    expect(readdirSync(join(dir, 'blobs')).sort()).toEqual(rows);
    // The run that held a lease never settled; the next start released its lease.
    expect(await store.leases.list()).toEqual([]);
    expect(await store.leases.acquire('crash:lease', 'after', 1000)).toMatchObject({ ok: true, lease: { token: 2 } });
  } finally {
    await engine.stop();
  }
});
