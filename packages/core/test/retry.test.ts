import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createEngine, defineMod, defineOp, type Engine, PatternError, type RetryPolicy, type RunRecord, workflowHash } from '../src/index.ts';
import { retryDelay } from '../src/run/retry.ts';

/** An op that fails with `code` on its first `failures` calls, then answers with how often it was called. */
function flakyMod() {
  const state = { calls: 0, failures: 2, code: 'unavailable', called: () => {} };
  const flaky = defineOp({
    name: 'test.flaky',
    description: 'Fails a set number of times, then succeeds.',
    outputs: { calls: { schema: z.number(), description: 'How often it ran.' } },
    run() {
      state.calls++;
      state.called();
      if (state.calls <= state.failures) throw new PatternError(state.code, `failure ${state.calls}`);
      return { calls: state.calls };
    },
  });
  return { state, mod: defineMod({ name: 'test', version: '1.0.0', ops: [flaky] }) };
}

async function started(mod: ReturnType<typeof flakyMod>['mod']): Promise<Engine> {
  const engine = createEngine({ mods: [mod] });
  await engine.start();
  return engine;
}

const workflow = (retry?: RetryPolicy) => ({
  nodes: [
    { id: 'f', op: 'test.flaky', ...(retry ? { retry } : {}) },
    { id: 'out', op: 'flow.output' },
  ],
  edges: [{ from: { node: 'f', port: 'calls' }, to: { node: 'out', port: 'value' } }],
});

/**
 * How much shorter a wait may read than it was asked for: timestamps are whole milliseconds, and a
 * timer counts from the event loop's clock, which is also kept in whole milliseconds.
 */
const CLOCK_SLACK_MS = 2;

/** Milliseconds between the end of each attempt and the start of the next, from the trace. */
function gaps(record: RunRecord): number[] {
  const attempts = record.nodes.f?.attempts ?? [];
  return attempts.slice(1).map((a, i) => {
    const previous = attempts[i] as NonNullable<typeof a>;
    return Date.parse(a.startedAt) - Date.parse(previous.startedAt) - previous.durationMs;
  });
}

describe('retrying a failed node', () => {
  it('runs a node that fails twice a third time and records every attempt', async () => {
    const { state, mod } = flakyMod();
    const engine = await started(mod);
    const record = await engine.run({ workflow: workflow({ attempts: 3, delayMs: 20 }) });
    expect(record.status).toBe('ok');
    expect(record.output).toBe(3);
    expect(state.calls).toBe(3);
    const attempts = record.nodes.f?.attempts ?? [];
    expect(attempts.map((a) => [a.attempt, a.error?.code])).toEqual([
      [1, 'unavailable'],
      [2, 'unavailable'],
      [3, undefined],
    ]);
    expect(record.nodes.f?.status).toBe('ok');
    for (const gap of gaps(record)) expect(gap).toBeGreaterThanOrEqual(20 - CLOCK_SLACK_MS);
    await engine.stop();
  });

  it('doubles the wait with exponential backoff, up to maxDelayMs', async () => {
    const { state, mod } = flakyMod();
    state.failures = 3;
    const engine = await started(mod);
    const record = await engine.run({ workflow: workflow({ attempts: 4, delayMs: 15, backoff: 'exponential', maxDelayMs: 40 }) });
    expect(record.status).toBe('ok');
    const [first, second, third] = gaps(record) as [number, number, number];
    expect(first).toBeGreaterThanOrEqual(15 - CLOCK_SLACK_MS);
    expect(second).toBeGreaterThanOrEqual(30 - CLOCK_SLACK_MS);
    expect(third).toBeGreaterThanOrEqual(40 - CLOCK_SLACK_MS);
    expect([1, 2, 3, 4].map((n) => retryDelay({ attempts: 5, delayMs: 15, backoff: 'exponential', maxDelayMs: 40 }, n))).toEqual([15, 30, 40, 40]);
    expect(retryDelay({ attempts: 2 }, 3)).toBe(1000);
    await engine.stop();
  });

  it('gives up after the last attempt and fails the run with the last error', async () => {
    const { state, mod } = flakyMod();
    state.failures = 10;
    const engine = await started(mod);
    const record = await engine.run({ workflow: workflow({ attempts: 2, delayMs: 0 }) });
    expect(record.status).toBe('error');
    expect(record.error).toMatchObject({ code: 'unavailable', message: 'failure 2', nodeId: 'f' });
    expect(state.calls).toBe(2);
    expect(record.nodes.f?.attempts?.map((a) => a.error?.message)).toEqual(['failure 1', 'failure 2']);
    await engine.stop();
  });

  it('does not retry conflict, invalid_input or validation_failed, nor codes outside `on`', async () => {
    for (const [code, on] of [
      ['conflict', undefined],
      ['invalid_input', undefined],
      ['unavailable', ['timeout']],
    ] as const) {
      const { state, mod } = flakyMod();
      state.code = code;
      const engine = await started(mod);
      const record = await engine.run({ workflow: workflow({ attempts: 3, delayMs: 0, ...(on ? { on: [...on] } : {}) }) });
      expect(record.status).toBe('error');
      expect(state.calls).toBe(1);
      expect(record.nodes.f?.attempts).toBeUndefined();
      await engine.stop();
    }
    const { state, mod } = flakyMod();
    state.code = 'conflict';
    const engine = await started(mod);
    const record = await engine.run({ workflow: workflow({ attempts: 3, delayMs: 0, on: ['conflict'] }) });
    expect(record.status).toBe('ok');
    await engine.stop();
  });

  it('stops waiting when the run times out or is cancelled, leaving no timer behind', async () => {
    const { state, mod } = flakyMod();
    state.failures = 10;
    const engine = await started(mod);
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    const timedOut = await engine.run({ workflow: workflow({ attempts: 5, delayMs: 3_600_000 }), timeoutMs: 30 });
    expect(timedOut.status).toBe('error');
    expect(timedOut.error?.code).toBe('timeout');
    expect(timedOut.nodes.f?.error?.code).toBe('stopped');
    expect(timedOut.nodes.f?.attempts?.map((a) => a.attempt)).toEqual([1]);

    const firstCall = new Promise<void>((resolve) => {
      state.called = resolve;
    });
    const run = engine.startRun({ workflow: workflow({ attempts: 5, delayMs: 3_600_000 }) });
    await firstCall;
    await new Promise((resolve) => setImmediate(resolve));
    run.cancel();
    const cancelled = await run.done;
    expect(cancelled.status).toBe('cancelled');
    expect(state.calls).toBe(2);
    expect(timers()).toBeLessThanOrEqual(before);
    await engine.stop();
  });

  it('refuses a retry policy on ops that must not run twice', async () => {
    const { mod } = flakyMod();
    const engine = await started(mod);
    const problems = engine.validate({
      nodes: [
        { id: 'ok', op: 'test.flaky', retry: { attempts: 2 } },
        { id: 'boom', op: 'flow.fail', config: { message: 'no' }, retry: { attempts: 2 } },
      ],
    });
    expect(problems).toEqual([expect.objectContaining({ code: 'retry_refused', path: 'nodes[1].retry', nodeId: 'boom' })]);
    expect(engine.validate({ nodes: [{ id: 'f', op: 'test.flaky', retry: { attempts: 0 } }] })).toEqual([
      expect.objectContaining({ code: 'invalid_shape', path: 'nodes[0].retry.attempts' }),
    ]);
    await engine.stop();
  });

  it('counts in the hash of what the engine runs, as the error workflow does', () => {
    const plain = workflowHash(workflow());
    expect(workflowHash(workflow())).toBe(plain);
    expect(workflowHash(workflow({ attempts: 2 }))).not.toBe(plain);
    expect(workflowHash({ ...workflow(), onError: 'alert' })).not.toBe(plain);
  });
});
