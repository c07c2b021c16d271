import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Run } from '@pattern/core';
import { tempDir } from '@pattern/testing';
import { testServer } from '@pattern/testing/server';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSettings, type PatternServer, resolveSettings } from '../src/index.ts';
import { edge, json } from './helpers.ts';

let server: PatternServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

const SLEEPERS = 64;

const sleepy = {
  name: 'Sleepy',
  nodes: [
    { id: 'req', op: 'http.request', config: { method: 'GET', path: '/sleep' } },
    { id: 'nap', op: 'flow.delay', config: { ms: 3000, value: 'rested' } },
    { id: 'res', op: 'http.response' },
  ],
  edges: [edge('nap', 'value', 'res', 'body')],
};

/** Checks `probe` every few milliseconds until it gives a value. */
async function until<T>(probe: () => T | undefined): Promise<T> {
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('fair admission over HTTP', () => {
  it('answers GET /hello/Ada while every runs slot a sleeping route may take is taken', { timeout: 60_000 }, async () => {
    const s = await testServer();
    server = s;
    expect((await json(s, '/api/workflows/sleepy', { method: 'PUT', body: sleepy })).status).toBe(201);

    let sleepersAnswered = 0;
    const sleepers = Array.from({ length: SLEEPERS }, async () => {
      const response = await fetch(`${s.url}/sleep`);
      const text = await response.text();
      sleepersAnswered++;
      return { status: response.status, text };
    });
    const sleeping = await until(() => {
      const runs = s.engine.activeRuns().filter((run: Run) => run.info.workflowId === 'sleepy');
      return runs.length === SLEEPERS ? runs : undefined;
    });
    // The default share: three quarters of the 64 slots; the rest of the sleepers wait their turn.
    expect(sleeping.filter((run) => run.started)).toHaveLength(48);

    const hello = await fetch(`${s.url}/hello/Ada`);
    expect(await hello.text()).toBe('Hello, Ada!');
    // It answered while no sleeper had finished: not one slot had to free up for it.
    expect(sleepersAnswered).toBe(0);
    expect(sleeping.every((run) => run.status === 'running')).toBe(true);

    const answers = await Promise.all(sleepers);
    expect(answers).toEqual(Array.from({ length: SLEEPERS }, () => ({ status: 200, text: 'rested' })));
  });

  it('hands runs.maxConcurrentPerWorkflow and runs.maxQueuedPerWorkflow to the engine', async () => {
    const settings = resolveSettings({ runs: { maxConcurrent: 8, maxConcurrentPerWorkflow: 3, maxQueuedPerWorkflow: 5 } }, {}, tempDir());
    server = await testServer({ settings, port: 0 });
    expect([server.engine.maxConcurrentRunsPerWorkflow, server.engine.maxQueuedRunsPerWorkflow]).toEqual([3, 5]);
  });

  it('refuses a per-workflow share outside its limit, naming the setting', () => {
    expect(() => resolveSettings({ runs: { maxConcurrent: 8, maxConcurrentPerWorkflow: 9 } }, {}, '/srv')).toThrow(
      'runs.maxConcurrentPerWorkflow must be a whole number from 1 to runs.maxConcurrent (8); got 9',
    );
    expect(() => resolveSettings({ runs: { maxQueuedPerWorkflow: 2000 } }, {}, '/srv')).toThrow(
      'runs.maxQueuedPerWorkflow must be a whole number from 0 to runs.maxQueued (1024); got 2000',
    );
    const dir = tempDir();
    writeFileSync(join(dir, 'pattern.config.json'), JSON.stringify({ runs: { maxConcurrentPerWorkflow: 0, maxQueuedPerWorkflow: 1.5 } }));
    expect(() => loadSettings({}, dir)).toThrow(/runs\.maxConcurrentPerWorkflow: .*\n.*runs\.maxQueuedPerWorkflow: /s);
  });
});
