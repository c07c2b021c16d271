import { describe, expect, it } from 'vitest';
import { createEngine, createLogger, createMemoryRunStore, defineMod, defineOp, type RunRecord } from '../src/index.ts';
import { startedEngine } from './helpers.ts';

const waitForever = { nodes: [{ id: 'w', op: 'test.wait', config: { ms: 60_000 } }], edges: [] };

describe('settle', () => {
  it('calls onRunSettle exactly once for every kind of ending', async () => {
    const settled: RunRecord[] = [];
    const engine = await startedEngine({ runTimeoutMs: 100 }, settled);
    const ok = await engine.run({ workflow: { nodes: [{ id: 'v', op: 'value.const', config: { value: 1 } }], edges: [] } });
    const failed = await engine.run({ workflow: { nodes: [{ id: 'f', op: 'flow.fail', config: { message: 'no' } }], edges: [] } });
    const cancelling = engine.startRun({ workflow: waitForever, timeoutMs: 60_000 });
    cancelling.cancel();
    const cancelled = await cancelling.done;
    // Cancelling twice, or cancelling a settled run, settles nothing again.
    cancelling.cancel();
    const timedOut = await engine.run({ workflow: waitForever });
    const atShutdown = engine.startRun({ workflow: waitForever, timeoutMs: 60_000 });
    await engine.stop();
    const shutdown = await atShutdown.done;

    expect([ok.status, failed.status, cancelled.status, timedOut.status, shutdown.status]).toEqual([
      'ok',
      'error',
      'cancelled',
      'error',
      'cancelled',
    ]);
    expect(timedOut.error?.code).toBe('timeout');
    expect(shutdown.error?.code).toBe('shutdown');
    const ids = settled.map((r) => r.id);
    expect(ids.sort()).toEqual([ok.id, failed.id, cancelled.id, timedOut.id, shutdown.id].sort());
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('aborts the signal ops were given when the run fails, and leaves it be when every node is done', async () => {
    const signals: AbortSignal[] = [];
    const grab = defineOp({
      name: 'test.grab',
      description: 'Keeps the signal it is given.',
      inputs: {},
      outputs: { value: { description: 'A reason to fail.' } },
      run: (_inputs, ctx) => {
        signals.push(ctx.signal);
        return { value: 'no' };
      },
    });
    const engine = createEngine({ mods: [defineMod({ name: 'test', version: '1', ops: [grab] })] });
    await engine.start();
    const grabbing = (then?: object) => ({
      nodes: [{ id: 'g', op: 'test.grab' }, ...(then ? [then] : [])],
      edges: then ? [{ from: { node: 'g', port: 'value' }, to: { node: 'next', port: 'message' } }] : [],
    });
    expect((await engine.run({ workflow: grabbing() })).status).toBe('ok');
    const failed = await engine.run({ workflow: grabbing({ id: 'next', op: 'flow.fail' }) });
    expect(failed.status).toBe('error');
    await engine.stop();
    const [ok, afterFailure] = signals;
    expect(ok?.aborted).toBe(false);
    expect(afterFailure?.aborted).toBe(true);
    expect(afterFailure?.reason).toMatchObject({ code: 'failed' });
  });

  it('settles runs a crash left running as interrupted at the next start, and runs their hooks', async () => {
    const runs = createMemoryRunStore();
    const crashed: RunRecord = {
      id: '01HZZZZZZZZZZZZZZZZZZZZZZZ',
      trigger: { kind: 'api' },
      status: 'running',
      input: null,
      startedAt: new Date().toISOString(),
      nodes: { a: { status: 'ok' }, b: { status: 'running' }, c: { status: 'pending' } },
    };
    runs.save(crashed);
    const settled: RunRecord[] = [];
    const engine = await startedEngine({ runStore: runs }, settled);
    expect(settled).toHaveLength(1);
    const recovered = await runs.get(crashed.id);
    expect(recovered?.status).toBe('error');
    expect(recovered?.error?.code).toBe('interrupted');
    expect(recovered?.nodes).toMatchObject({ a: { status: 'ok' }, b: { status: 'error' }, c: { status: 'skipped' } });
    await engine.stop();
  });

  it('a failing hook is logged and does not stop other mods hooks', async () => {
    const calls: string[] = [];
    const failing = defineMod({ name: 'failing', version: '1', hooks: { onRunSettle: () => Promise.reject(new Error('hook broke')) } });
    const counting = defineMod({ name: 'counting', version: '1', hooks: { onRunSettle: (run) => void calls.push(run.id) } });
    const engine = createEngine({ mods: [failing, counting] });
    await engine.start();
    const run = await engine.run({ workflow: { nodes: [{ id: 'v', op: 'value.const', config: { value: 1 } }], edges: [] } });
    expect(calls).toEqual([run.id]);
    await engine.stop();
  });

  it('runs the hooks in the order of the mods, each after the one before has finished, whether it answers at once, later or throws', async () => {
    const calls: string[] = [];
    const later = (name: string) =>
      defineMod({
        name,
        version: '1',
        hooks: { onRunSettle: () => new Promise<void>((resolve) => setTimeout(() => resolve(void calls.push(name)), 5)) },
      });
    const atOnce = (name: string) => defineMod({ name, version: '1', hooks: { onRunSettle: () => void calls.push(name) } });
    const throwing = defineMod({
      name: 'throwing',
      version: '1',
      hooks: {
        onRunSettle: () => {
          calls.push('throwing');
          throw new Error('hook broke');
        },
      },
    });
    const errors: string[] = [];
    const log = createLogger((level, message) => void (level === 'error' && errors.push(message)));
    const engine = createEngine({ mods: [atOnce('first'), later('second'), throwing, atOnce('fourth'), later('fifth')], log });
    await engine.start();
    await engine.run({ workflow: { nodes: [{ id: 'v', op: 'value.const', config: { value: 1 } }], edges: [] } });
    // The run is answered only once every hook has finished.
    expect(calls).toEqual(['first', 'second', 'throwing', 'fourth', 'fifth']);
    expect(errors).toEqual(['mod throwing: onRunSettle failed']);
    await engine.stop();
  });
});

describe('registry', () => {
  const op = defineOp({ name: 'dup.op', description: 'x', run: () => ({}) });
  it('refuses an op name taken by another mod', () => {
    const a = defineMod({ name: 'a', version: '1', ops: [op] });
    const b = defineMod({ name: 'b', version: '1', ops: [op] });
    expect(() => createEngine({ mods: [a, b] })).toThrow(/Op "dup.op" from mod "b" is already registered by mod "a"/);
  });

  it('refuses a service name taken by another mod', () => {
    const service = { setup: () => ({}) };
    const a = defineMod({ name: 'a', version: '1', services: { store: service } });
    const b = defineMod({ name: 'b', version: '1', services: { store: service } });
    expect(() => createEngine({ mods: [a, b] })).toThrow(/Service "store" from mod "b" is already provided by mod "a"/);
  });

  it('refuses a base op name', () => {
    const shadow = defineMod({ name: 'shadow', version: '1', ops: [defineOp({ name: 'math.add', description: 'x', run: () => ({}) })] });
    expect(() => createEngine({ mods: [shadow] })).toThrow(/already registered by mod "core"/);
  });

  it('gives services to ops and tears them down on stop', async () => {
    const events: string[] = [];
    const counter = defineOp({
      name: 'counter.next',
      description: 'Next number.',
      outputs: { n: { description: 'n' } },
      run: (_inputs, ctx) => ({ n: ctx.services.get<{ next(): number }>('counter').next() }),
    });
    let n = 0;
    const mod = defineMod({
      name: 'counter',
      version: '1',
      ops: [counter],
      services: { counter: { setup: () => ({ next: () => ++n }), teardown: () => void events.push('teardown') } },
    });
    const engine = createEngine({ mods: [mod] });
    await engine.start();
    const run = await engine.run({ workflow: { nodes: [{ id: 'c', op: 'counter.next' }], edges: [] } });
    expect(run.nodes.c?.outputs).toEqual({ n: 1 });
    await engine.stop();
    expect(events).toEqual(['teardown']);
  });
});
