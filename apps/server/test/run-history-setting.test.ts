import { join } from 'node:path';
import { type PatternServer, testServer } from '@pattern/testing/server';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { edge, json } from './helpers.ts';

/** A workflow's `history` setting, through a real server on a real SQLite file. */

type History = 'all' | 'errors' | 'none';

/** Parses its input as JSON: a run that succeeds on `"[1]"` and fails on `"nope"`. */
const parse = (history: History) => ({
  history,
  nodes: [
    { id: 'in', op: 'flow.input' },
    { id: 'parse', op: 'json.parse' },
    { id: 'out', op: 'flow.output' },
  ],
  edges: [edge('in', 'value', 'parse', 'text'), edge('parse', 'value', 'out', 'value')],
});

/** `GET /<path>/:name` answers a greeting. */
const greeting = (id: string, history: History) => ({
  id,
  history,
  nodes: [
    { id: 'request', op: 'http.request', config: { method: 'GET', path: `/${id}/:name` } },
    { id: 'greet', op: 'string.template', config: { template: 'Hi {{ name }}' } },
    { id: 'response', op: 'http.response' },
  ],
  edges: [edge('request', 'params', 'greet', 'data'), edge('greet', 'text', 'response', 'body')],
});

let server: PatternServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

/** The server's answer; the API answers every call here with a body. */
async function call(path: string, init: Parameters<typeof json>[2] = {}) {
  const { status, body } = await json(server as PatternServer, path, init);
  return { status, body: body ?? {} };
}

/** The row history committed for a run, read over a connection of the test's own. */
function committed(dataDir: string, id: string): { status: string } | undefined {
  const db = new Database(join(dataDir, 'pattern.db'), { readonly: true });
  try {
    return db.prepare('SELECT status FROM runs WHERE id = ?').get(id) as { status: string } | undefined;
  } finally {
    db.close();
  }
}

describe('the history setting', () => {
  it('all (and unset) keeps every run whole', async () => {
    server = await testServer();
    for (const document of [parse('all'), { ...parse('all'), history: undefined }]) {
      const ok = await call('/api/runs', { method: 'POST', body: { workflow: document, input: '[1]' } });
      const stored = await call(`/api/runs/${ok.body.id}`);
      expect(stored.body).toEqual(ok.body);
      expect(stored.body).not.toHaveProperty('tracesDropped');
    }
  });

  it('errors keeps failed runs whole and only the summary of successful ones', async () => {
    server = await testServer();
    const ok = await call('/api/runs', { method: 'POST', body: { workflow: parse('errors'), input: '[1]' } });
    // The answer itself is the whole run, traces and all.
    expect(ok.body).toMatchObject({ status: 'ok', output: [1], nodes: { parse: { status: 'ok' } } });
    const kept = await call(`/api/runs/${ok.body.id}`);
    const { nodes: _nodes, graph: _graph, input: _input, output: _output, ...summary } = ok.body;
    expect(kept.body).toEqual({ ...summary, input: null, nodes: {}, tracesDropped: 'errors' });

    const failed = await call('/api/runs', { method: 'POST', body: { workflow: parse('errors'), input: 'nope' } });
    expect(failed.body).toMatchObject({ status: 'error', error: { nodeId: 'parse' } });
    expect((await call(`/api/runs/${failed.body.id}`)).body).toEqual(failed.body);

    const listed = (await call('/api/runs?limit=10')).body.runs as Array<Record<string, unknown>>;
    expect(listed.map((run) => [run.id, run.tracesDropped])).toEqual([
      [failed.body.id, undefined],
      [ok.body.id, 'errors'],
    ]);
  });

  it('none records no successful run, and only the summary of a failed one', async () => {
    server = await testServer();
    const dataDir = server.settings.dataDir;
    const ok = await call('/api/runs', { method: 'POST', body: { workflow: parse('none'), input: '[1]' } });
    expect(ok.body).toMatchObject({ status: 'ok', output: [1] });
    expect((await call(`/api/runs/${ok.body.id}`)).status).toBe(404);
    expect(committed(dataDir, ok.body.id)).toBeUndefined();

    const failed = await call('/api/runs', { method: 'POST', body: { workflow: parse('none'), input: 'nope' } });
    expect(committed(dataDir, failed.body.id)).toEqual({ status: 'error' });
    const kept = await call(`/api/runs/${failed.body.id}`);
    expect(kept.body).toMatchObject({ status: 'error', error: { code: failed.body.error.code }, input: null, nodes: {}, tracesDropped: 'none' });
    expect(kept.body).not.toHaveProperty('graph');

    // Not waited for, it is not recorded as running either: nothing waits on a commit that never comes.
    const started = await call('/api/runs', { method: 'POST', body: { workflow: parse('none'), input: '[2]', wait: false } });
    expect(started.status).toBe(202);
    expect(committed(dataDir, started.body.id)).toBeUndefined();
    expect((await call('/api/runs?limit=10')).body.runs.map((run: { id: string }) => run.id)).toEqual([failed.body.id]);
  });

  it('applies to saved route workflows: a route under none answers without a record', async () => {
    server = await testServer();
    const dataDir = server.settings.dataDir;
    for (const [id, history] of [
      ['quiet', 'none'],
      ['brief', 'errors'],
    ] as const) {
      expect((await call(`/api/workflows/${id}`, { method: 'PUT', body: greeting(id, history) })).status).toBe(201);
    }
    const quiet = await fetch(`${server.url}/quiet/Ada`);
    expect(await quiet.text()).toBe('Hi Ada');
    const quietRun = quiet.headers.get('x-pattern-run-id') as string;
    expect(committed(dataDir, quietRun)).toBeUndefined();

    const brief = await fetch(`${server.url}/brief/Ada`);
    expect(await brief.text()).toBe('Hi Ada');
    const briefRun = brief.headers.get('x-pattern-run-id') as string;
    // Answered only once its summary is committed.
    expect(committed(dataDir, briefRun)).toEqual({ status: 'ok' });
    expect((await call(`/api/runs/${briefRun}`)).body).toMatchObject({ workflowId: 'brief', nodes: {}, tracesDropped: 'errors' });
  });

  it('is refused when it is not one of all, errors, none', async () => {
    server = await testServer();
    const saved = await call('/api/workflows/odd', { method: 'PUT', body: { ...parse('all'), history: 'some' } });
    expect(saved.status).toBe(422);
    expect(JSON.stringify(saved.body.error)).toContain('history');
  });
});
