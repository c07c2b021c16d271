import type { RunSummary } from '@pattern/core';
import { eventStoreMod } from '@pattern/mod-event-store';
import { tempDir } from '@pattern/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { PatternServer } from '../src/index.ts';
import { startServer } from '../src/index.ts';
import { edge, json } from './helpers.ts';

const servers: PatternServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

async function serve(dataDir: string, options: Parameters<typeof startServer>[0] = {}): Promise<PatternServer> {
  const server = await startServer({ quiet: true, mods: [], seed: false, dataDir, ...options });
  servers.push(server);
  return server;
}

async function stop(server: PatternServer): Promise<void> {
  servers.splice(servers.indexOf(server), 1);
  await server.stop();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor<T>(probe: () => Promise<T | undefined | false> | T | undefined | false, what: string, tries = 300): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    await sleep(25);
  }
  throw new Error(`timed out waiting for ${what}`);
}

const ticker = (config: Record<string, unknown>) => ({
  name: 'Ticker',
  nodes: [
    { id: 'tick', op: 'schedule.trigger', config },
    { id: 'out', op: 'flow.output', config: { key: 'firedAt' } },
    { id: 'count', op: 'flow.output', config: { key: 'tick' } },
  ],
  edges: [edge('tick', 'firedAt', 'out', 'value'), edge('tick', 'tick', 'count', 'value')],
});

async function scheduledRuns(server: PatternServer, workflowId: string): Promise<RunSummary[]> {
  await server.engine.runs.flush();
  const { runs } = await server.engine.runs.list({ workflowId, limit: 500 });
  return runs.filter((run) => run.trigger.kind === 'schedule').reverse();
}

describe('schedule.trigger on a real server', () => {
  it('runs a workflow every second with the tick in its record, and stops when it is paused', async () => {
    const server = await serve(tempDir());
    expect((await json(server, '/api/workflows/ticker', { method: 'PUT', body: ticker({ cron: '* * * * * *' }) })).status).toBe(201);
    const listed = (await json(server, '/api/workflows')).body?.workflows.find((w: { id: string }) => w.id === 'ticker');
    expect(listed).toMatchObject({ active: true });
    expect(Date.parse(listed.nextFireAt) % 1000).toBe(0);

    const runs = await waitFor(async () => {
      const found = await scheduledRuns(server, 'ticker');
      return found.length >= 2 && found;
    }, 'two scheduled runs');
    for (const run of runs) {
      expect(run.status).toBe('ok');
      expect(Date.parse(run.trigger.detail ?? '') % 1000).toBe(0);
      expect((run.output as { firedAt: string }).firedAt).toBe(run.trigger.detail);
    }
    expect(runs.map((run) => (run.output as { tick: number }).tick).slice(0, 2)).toEqual([1, 2]);

    const paused = await json(server, '/api/workflows/ticker/state', { method: 'PUT', body: { active: false } });
    expect(paused).toMatchObject({ status: 200, body: { id: 'ticker', active: false, schedule: { cron: '* * * * * *', nextFireAt: null } } });
    expect((await json(server, '/api/workflows')).body?.workflows.find((w: { id: string }) => w.id === 'ticker')).toMatchObject({
      active: false,
      nextFireAt: null,
    });
    // A run started by a tick just before the pause may still settle; after that, nothing.
    await sleep(300);
    const before = (await scheduledRuns(server, 'ticker')).length;
    await sleep(2200);
    expect((await scheduledRuns(server, 'ticker')).length).toBe(before);

    expect((await json(server, '/api/workflows/ticker/state', { method: 'PUT', body: { active: true } })).body).toMatchObject({ active: true });
    await waitFor(async () => (await scheduledRuns(server, 'ticker')).length > before, 'a run after resuming');
  });

  it('follows saves and deletes: a new schedule takes effect at once, a deleted workflow fires no more', async () => {
    const server = await serve(tempDir());
    await json(server, '/api/workflows/ticker', { method: 'PUT', body: ticker({ cron: '0 0 1 1 *', timezone: 'Europe/Berlin' }) });
    const state = await json(server, '/api/workflows/ticker/state');
    expect(state.body?.schedule).toMatchObject({ cron: '0 0 1 1 *', timezone: 'Europe/Berlin', missed: 'skip' });
    expect(state.body?.schedule.upcoming).toHaveLength(5);
    expect(new Date(state.body?.schedule.nextFireAt).getUTCHours()).toBe(23);

    await json(server, '/api/workflows/ticker', { method: 'PUT', body: ticker({ everyMs: 1000 }) });
    await waitFor(async () => (await scheduledRuns(server, 'ticker')).length >= 1, 'a run of the new schedule');
    expect((await json(server, '/api/workflows/ticker', { method: 'DELETE' })).status).toBe(204);
    await sleep(300);
    const after = (await scheduledRuns(server, 'ticker')).length;
    await sleep(1500);
    expect((await scheduledRuns(server, 'ticker')).length).toBe(after);
  });

  it('schedules what runs: the active version once published, following publishes and rollbacks', async () => {
    const server = await serve(tempDir());
    const cronOf = async () => (await json(server, '/api/workflows/ticker/state')).body?.schedule?.cron;
    await json(server, '/api/workflows/ticker', { method: 'PUT', body: ticker({ cron: '0 1 * * *' }) });
    expect(await cronOf()).toBe('0 1 * * *');
    await json(server, '/api/workflows/ticker/versions', { method: 'POST', body: {} });
    await json(server, '/api/workflows/ticker', { method: 'PUT', body: ticker({ cron: '0 2 * * *' }) });
    expect(await cronOf()).toBe('0 1 * * *');
    await json(server, '/api/workflows/ticker/versions', { method: 'POST', body: {} });
    expect(await cronOf()).toBe('0 2 * * *');
    expect((await json(server, '/api/workflows/ticker/versions/1/activate', { method: 'POST' })).status).toBe(200);
    expect(await cronOf()).toBe('0 1 * * *');
  });

  it('refuses an invalid cron, zone or interval, each located at its field with the reason', async () => {
    const server = await serve(tempDir());
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ cron: '61 * * * *' }, 'nodes[0].config.cron', /minute/i],
      [{ cron: '* * *' }, 'nodes[0].config.cron', /five, six/],
      [{ cron: '0 0 30 2 *' }, 'nodes[0].config.cron', /never fires/],
      [{ cron: 'x'.repeat(5000) }, 'nodes[0].config.cron', /200/],
      [{ cron: '0 3 * * *', timezone: 'Mars/Olympus' }, 'nodes[0].config.timezone', /IANA/],
      [{ everyMs: 10 }, 'nodes[0].config.everyMs', /1000/],
      [{}, 'nodes[0].config.cron', /either a cron expression or everyMs/],
      [{ cron: '* * * * *', everyMs: 5000 }, 'nodes[0].config.cron', /not both/],
    ];
    for (const [config, path, reason] of cases) {
      const answer = await json(server, '/api/workflows/bad', { method: 'PUT', body: ticker(config) });
      expect(answer.body?.valid, JSON.stringify(config)).toBe(false);
      const problem = answer.body?.problems.find((p: { path: string }) => p.path === path);
      expect(problem, `${JSON.stringify(config)}: ${JSON.stringify(answer.body?.problems)}`).toBeDefined();
      expect(problem.message).toMatch(reason);
    }
  });

  it('keeps a pause across a restart; a paused route answers 503 workflow_paused until resumed', async () => {
    const dataDir = tempDir();
    const first = await serve(dataDir);
    const hello = {
      nodes: [
        { id: 'req', op: 'http.request', config: { method: 'GET', path: '/greet' } },
        { id: 'res', op: 'http.response', config: { body: 'hi' } },
      ],
      edges: [],
    };
    await json(first, '/api/workflows/greet', { method: 'PUT', body: hello });
    expect(await (await fetch(`${first.url}/greet`)).text()).toBe('hi');
    await json(first, '/api/workflows/greet/state', { method: 'PUT', body: { active: false } });
    await stop(first);

    const second = await serve(dataDir);
    expect((await json(second, '/api/workflows/greet/state')).body).toEqual({ id: 'greet', active: false, held: false, schedule: null });
    const refused = await json(second, '/greet');
    expect(refused).toMatchObject({ status: 503, body: { error: { code: 'workflow_paused', details: { workflowId: 'greet' } } } });
    await json(second, '/api/workflows/greet/state', { method: 'PUT', body: { active: true } });
    expect(await (await fetch(`${second.url}/greet`)).text()).toBe('hi');
  });

  it('answers hostile input on the state route with a JSON error naming the field', async () => {
    const server = await serve(tempDir());
    await json(server, '/api/workflows/ticker', { method: 'PUT', body: ticker({ cron: '0 0 1 1 *' }) });
    const bodies: unknown[] = [{ active: 'no' }, { active: 0 }, {}, [], 'null', { active: false, extra: 1 }, '{"active": tru'];
    for (const body of bodies) {
      const answer = await json(server, '/api/workflows/ticker/state', { method: 'PUT', body });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body?.error).toMatchObject({ code: expect.stringMatching(/bad_request|invalid_json/), message: expect.any(String) });
    }
    expect((await json(server, '/api/workflows/ticker/state', { method: 'PUT', body: { active: 'no' } })).body?.error.details.problems[0].path).toBe(
      'active',
    );
    for (const init of [{ method: 'GET' }, { method: 'PUT', body: { active: false } }]) {
      const missing = await json(server, '/api/workflows/nope/state', init);
      expect(missing).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    }
    expect((await json(server, '/api/workflows/ticker/state')).body).toMatchObject({ active: true });
  });

  it('after downtime, runs a runOnce schedule once for the latest missed tick, and a skip schedule not at all', async () => {
    const dataDir = tempDir();
    const first = await serve(dataDir);
    await json(first, '/api/workflows/once', { method: 'PUT', body: ticker({ cron: '* * * * * *', missed: 'runOnce' }) });
    await json(first, '/api/workflows/skip', { method: 'PUT', body: ticker({ cron: '* * * * * *' }) });
    await waitFor(async () => (await scheduledRuns(first, 'once')).length >= 1 && (await scheduledRuns(first, 'skip')).length >= 1, 'a run of each');
    await stop(first);
    const stoppedAt = Date.now();
    await sleep(2500);

    const restartedAt = Date.now();
    const second = await serve(dataDir);
    const caughtUp = await waitFor(async () => {
      const runs = await scheduledRuns(second, 'once');
      return runs.find((run) => Date.parse(run.trigger.detail ?? '') > stoppedAt && Date.parse(run.trigger.detail ?? '') < restartedAt);
    }, 'the catch-up run');
    expect(Date.parse(caughtUp.trigger.detail ?? '')).toBeGreaterThan(restartedAt - 1000);
    await waitFor(async () => (await scheduledRuns(second, 'skip')).some((run) => Date.parse(run.trigger.detail ?? '') >= restartedAt), 'a new tick');
    const missed = (await scheduledRuns(second, 'once')).filter((run) => {
      const at = Date.parse(run.trigger.detail ?? '');
      return at > stoppedAt && at < restartedAt;
    });
    expect(missed).toHaveLength(1);
    const skipped = (await scheduledRuns(second, 'skip')).filter((run) => {
      const at = Date.parse(run.trigger.detail ?? '');
      return at > stoppedAt && at < restartedAt;
    });
    expect(skipped).toEqual([]);
  });

  it('holds schedules in safe mode until the workflow is resumed', async () => {
    const dataDir = tempDir();
    const first = await serve(dataDir);
    await json(first, '/api/workflows/ticker', { method: 'PUT', body: ticker({ cron: '* * * * * *' }) });
    await stop(first);

    const safe = await serve(dataDir, { safeMode: true });
    expect((await json(safe, '/api/workflows/ticker/state')).body).toMatchObject({ active: true, held: true, schedule: { nextFireAt: null } });
    const before = (await scheduledRuns(safe, 'ticker')).length;
    await sleep(1500);
    expect(await scheduledRuns(safe, 'ticker')).toHaveLength(before);
    expect((await json(safe, '/api/workflows/ticker/state', { method: 'PUT', body: { active: true } })).body).toMatchObject({ held: false });
    await waitFor(async () => (await scheduledRuns(safe, 'ticker')).length > before, 'a run once released');
  });
});

describe('a paused workflow and its event trigger', () => {
  it('takes no events while paused', async () => {
    const server = await serve(tempDir(), { mods: [eventStoreMod()] });
    const reaction = {
      nodes: [
        { id: 'on', op: 'events.on', config: { types: ['Ping'] } },
        { id: 'out', op: 'flow.output' },
      ],
      edges: [edge('on', 'event', 'out', 'value')],
    };
    await json(server, '/api/workflows/react', { method: 'PUT', body: reaction });
    const ping = (id: string) =>
      server.engine.invoke('events.append', { aggregateType: 'Pinger', aggregateId: id, events: [{ type: 'Ping', payload: {} }] }).done;
    const eventRuns = async () => {
      await server.engine.runs.flush();
      return (await server.engine.runs.list({ workflowId: 'react', limit: 100 })).runs.filter((run) => run.trigger.kind === 'event');
    };
    // The trigger begins at the head of the log when it is first followed; a ping before that would be missed.
    await waitFor(async () => {
      await ping('warm-up');
      return (await eventRuns()).length >= 1;
    }, 'the trigger to follow the log');
    const seen = (await eventRuns()).length;

    await json(server, '/api/workflows/react/state', { method: 'PUT', body: { active: false } });
    await sleep(100);
    await ping('while-paused');
    await sleep(800);
    expect(await eventRuns()).toHaveLength(seen);
  });
});
