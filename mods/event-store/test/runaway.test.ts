import type { ChildProcess } from 'node:child_process';
import { type ServerProcess, spawnServer, tempDir } from '@pattern/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { loopWorkflow } from './fixtures/loop-workflow.ts';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** A real server process on `dir`; a loop deep enough to run for the whole test unless stopped. */
async function start(dir: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const server = await spawnServer(
    dir,
    { dataDir: dir, runs: { keep: 1_000_000 }, options: { 'event-store': { maxCausationDepth: 100_000 } } },
    { PATTERN_SAFE_MODE: '0', ...env },
  );
  children.push(server.child);
  // The docs site is built once, in the background, after start: a cost of starting, not of the loop.
  await (await fetch(`${server.url}/docs`, { signal: AbortSignal.timeout(30_000) })).text();
  return server;
}

async function kill(server: ServerProcess): Promise<void> {
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGKILL');
  await exited;
}

/** A request that fails after a few seconds, so a server that stopped answering fails the test instead of hanging it. */
async function call(server: ServerProcess, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    signal: AbortSignal.timeout(5000),
    ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
  });
  return { status: response.status, body: response.status === 204 ? null : await response.json() };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How many `Loop` events there are: the stream's version. */
async function loopLength(server: ServerProcess): Promise<number> {
  const stream = await call(server, 'GET', '/api/events/streams/Loop/l?limit=1');
  return stream.status === 200 ? stream.body.version : 0;
}

async function waitForLoop(server: ServerProcess, atLeast: number): Promise<number> {
  for (let i = 0; i < 500; i++) {
    const length = await loopLength(server);
    if (length >= atLeast) return length;
    await sleep(20);
  }
  throw new Error(`the loop did not reach ${atLeast} events`);
}

/** Starts the loop: saves the workflow, appends the first `Loop` event. */
async function startLoop(server: ServerProcess): Promise<void> {
  expect((await call(server, 'PUT', '/api/workflows/loop', loopWorkflow())).status).toBe(201);
  const first = await call(server, 'POST', '/api/ops/events.append/invoke', {
    inputs: { aggregateType: 'Loop', aggregateId: 'l', events: [{ type: 'Loop', payload: { n: 0 } }] },
  });
  expect(first.body.status).toBe('ok');
}

/** The loop has stopped when its stream grows by at most the one run that was in flight. */
async function expectStopped(server: ServerProcess): Promise<number> {
  const before = await loopLength(server);
  await sleep(400);
  const after = await loopLength(server);
  expect(after - before).toBeLessThanOrEqual(1);
  return after;
}

async function countRuns(server: ServerProcess, workflowId: string): Promise<Record<string, number>> {
  const statuses: Record<string, number> = {};
  let cursor: string | null = null;
  do {
    const page: { status: number; body: { runs: Array<{ status: string }>; next: string | null } } = await call(
      server,
      'GET',
      `/api/runs?workflowId=${workflowId}&limit=500${cursor ? `&cursor=${cursor}` : ''}`,
    );
    for (const run of page.body.runs) statuses[run.status] = (statuses[run.status] ?? 0) + 1;
    cursor = page.body.next;
  } while (cursor);
  return statuses;
}

describe('a workflow that feeds itself', () => {
  it('leaves the server answering between a few of its runs, records every run, and stops at once when paused or deleted', async () => {
    const server = await start(tempDir());
    await startLoop(server);
    const before = await waitForLoop(server, 100);

    // How many runs the loop makes while the server answers a request: one that yields between runs
    // makes a few, one that starves requests makes thousands. Counted in runs, not milliseconds,
    // and the median, so a busy machine that delays the test's own turns cannot fail it.
    const during: number[] = [];
    for (let i = 0; i < 40; i++) {
      const from = await loopLength(server);
      const health = await call(server, 'GET', '/api/health');
      expect(health.body.ok).toBe(true);
      during.push((await loopLength(server)) - from);
      await sleep(10);
    }
    expect(await loopLength(server), 'the loop went on meanwhile').toBeGreaterThan(before);
    const median = [...during].sort((a, b) => a - b)[Math.floor(during.length / 2)] as number;
    expect(median, `runs while answering: ${during.join(', ')}`).toBeLessThan(100);

    const paused = await call(server, 'POST', '/api/events/triggers/loop/pause', { reason: 'looks like a loop' });
    expect(paused).toMatchObject({
      status: 200,
      body: { name: 'workflow:loop', state: 'paused', pause: { kind: 'paused', reason: 'looks like a loop' } },
    });
    const length = await expectStopped(server);
    // Every event but the first was appended by one run, and each of those runs is in the history.
    expect(await countRuns(server, 'loop')).toEqual({ ok: length - 1 });

    expect((await call(server, 'POST', '/api/events/triggers/loop/resume')).body).toMatchObject({ pause: null });
    await waitForLoop(server, length + 50);
    expect((await call(server, 'DELETE', '/api/workflows/loop')).status).toBeLessThan(300);
    await expectStopped(server);
    const { body } = await call(server, 'GET', '/api/events/projections');
    expect(body).toEqual({ projections: [], safeMode: false });
    await kill(server);
  }, 60_000);

  it('killed mid-loop, restarts in safe mode with the loop held; paused and deleted there, it stays gone', async () => {
    const dir = tempDir();
    const first = await start(dir);
    await startLoop(first);
    await waitForLoop(first, 100);
    await kill(first);

    const safe = await start(dir, { PATTERN_SAFE_MODE: '1' });
    expect((await call(safe, 'GET', '/api/health')).body.ok).toBe(true);
    const held = await call(safe, 'GET', '/api/events/projections');
    expect(held.body).toMatchObject({
      safeMode: true,
      projections: [{ name: 'workflow:loop', state: 'paused', pause: { reason: expect.stringMatching(/^safe mode: /) } }],
    });
    await expectStopped(safe);
    expect((await call(safe, 'POST', '/api/events/triggers/loop/pause')).body).toMatchObject({
      state: 'paused',
      pause: { kind: 'paused', reason: 'paused through the API' },
    });
    expect((await call(safe, 'DELETE', '/api/workflows/loop')).status).toBeLessThan(300);
    expect((await call(safe, 'GET', '/api/events/projections')).body.projections).toEqual([]);
    await kill(safe);

    const normal = await start(dir, { PATTERN_SAFE_MODE: '0' });
    expect((await call(normal, 'GET', '/api/health')).body.ok).toBe(true);
    expect((await call(normal, 'GET', '/api/events/projections')).body).toEqual({ projections: [], safeMode: false });
    await expectStopped(normal);
    expect((await call(normal, 'GET', '/api/health')).body.ok).toBe(true);
    await kill(normal);
  }, 90_000);

  it('answers a bad pause with a 4xx naming the field, and an unknown trigger with 404', async () => {
    const server = await start(tempDir());
    expect((await call(server, 'POST', '/api/events/triggers/nope/pause')).body.error).toMatchObject({ code: 'not_found' });
    expect((await call(server, 'POST', '/api/events/projections/nope/resume')).status).toBe(404);
    expect((await call(server, 'PUT', '/api/workflows/loop', loopWorkflow())).status).toBe(201);
    const bad = [
      [[], 'body'],
      [{ reason: 7 }, 'reason'],
      [{ reason: ' ' }, 'reason'],
      [{ reason: 'x'.repeat(501) }, 'reason'],
      [{ why: 'x' }, 'why'],
    ] as const;
    for (const [body, field] of bad) {
      const answer = await call(server, 'POST', '/api/events/triggers/loop/pause', body);
      expect(answer.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
      expect(answer.body.error.details.field).toBe(field);
    }
    const broken = await fetch(`${server.url}/api/events/triggers/loop/pause`, { method: 'POST', body: '{nope', signal: AbortSignal.timeout(5000) });
    expect(broken.status).toBe(400);
    await kill(server);
  }, 60_000);
});
