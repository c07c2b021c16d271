import { join } from 'node:path';
import { START_RECORD_HOLD_MS } from '@pattern/core';
import { tempDir } from '@pattern/testing';
import { type PatternServer, testServer } from '@pattern/testing/server';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { edge, json } from './helpers.ts';

/** The record a run leaves as it starts, as history writes it to a real SQLite file. */

/** `GET /<id>?say=…` answers what it is asked to say after waiting `ms`: a run that yields. */
const waiting = (id: string, ms: number) => ({
  id,
  nodes: [
    { id: 'request', op: 'http.request', config: { method: 'GET', path: `/${id}` } },
    { id: 'wait', op: 'flow.delay', config: { ms } },
    { id: 'response', op: 'http.response' },
  ],
  edges: [edge('request', 'query', 'wait', 'value'), edge('wait', 'value', 'response', 'body')],
});

let server: PatternServer | undefined;
let db: Database.Database | undefined;
afterEach(async () => {
  await server?.stop();
  db?.close();
  server = undefined;
  db = undefined;
});

/**
 * The server's history file, over a connection of the test's own, which notes every time a run's
 * row is rewritten (a trigger in the file fires for the server's writes too).
 */
function watchedHistory(dataDir: string) {
  const file = new Database(join(dataDir, 'pattern.db'));
  file.exec(`CREATE TABLE rewrites (id TEXT NOT NULL, status TEXT NOT NULL);
    CREATE TRIGGER runs_rewritten AFTER UPDATE ON runs BEGIN INSERT INTO rewrites VALUES (new.id, new.status); END;`);
  db = file;
  return {
    row: (id: string) => file.prepare<[string], { status: string }>('SELECT status FROM runs WHERE id = ?').get(id),
    rewrites: (id: string) => file.prepare<[string], { status: string }>('SELECT status FROM rewrites WHERE id = ?').all(id),
  };
}

describe('a run’s start record', () => {
  it('is not written for a run that settles within the hold: its row is written once, settled', async () => {
    const dataDir = tempDir();
    server = await testServer({ dataDir });
    const history = watchedHistory(dataDir);
    expect((await json(server, '/api/workflows/quick', { method: 'PUT', body: waiting('quick', 20) })).status).toBe(201);
    const answer = await fetch(`${server.url}/quick?say=done`);
    expect(await answer.json()).toEqual({ say: 'done' });
    const id = answer.headers.get('x-pattern-run-id') as string;
    expect(history.row(id)).toEqual({ status: 'ok' });
    expect(history.rewrites(id)).toEqual([]);
  });

  it('is written for a run still going after the hold, so a crash would leave it to settle as interrupted', async () => {
    const dataDir = tempDir();
    server = await testServer({ dataDir });
    const history = watchedHistory(dataDir);
    const body = waiting('long', START_RECORD_HOLD_MS + 60_000);
    expect((await json(server, '/api/workflows/long', { method: 'PUT', body })).status).toBe(201);
    const answered = fetch(`${server.url}/long`).catch(() => undefined);
    let running: { id: string } | undefined;
    // Found by its workflow, since the answer, and with it the run id, comes only when it ends.
    while (!running) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      running = db?.prepare<[], { id: string }>("SELECT id FROM runs WHERE workflow_id = 'long' AND status = 'running'").get();
    }
    const run = await json(server, `/api/runs/${running.id}/cancel`, { method: 'POST' });
    expect(run.body?.status).toBe('cancelled');
    await answered;
    expect(history.rewrites(running.id)).toEqual([{ status: 'cancelled' }]);
  });

  it('is written at once for a run started with wait: false, which answers only once it is recorded', async () => {
    const dataDir = tempDir();
    server = await testServer({ dataDir });
    const history = watchedHistory(dataDir);
    const body = waiting('later', 60_000);
    expect((await json(server, '/api/workflows/later', { method: 'PUT', body })).status).toBe(201);
    const started = await json(server, '/api/runs', { method: 'POST', body: { workflowId: 'later', wait: false } });
    expect(started.status).toBe(202);
    expect(history.row(started.body?.id)).toEqual({ status: 'running' });
    await json(server, `/api/runs/${started.body?.id}/cancel`, { method: 'POST' });
  });
});
