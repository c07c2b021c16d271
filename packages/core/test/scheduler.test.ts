import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../src/index.ts';
import { edge, startedEngine } from './helpers.ts';

let engine: Engine;
afterEach(async () => {
  await engine?.stop();
});

describe('scheduler', () => {
  it('runs independent nodes concurrently', async () => {
    engine = await startedEngine();
    const concurrent = await engine.run({
      workflow: {
        nodes: [
          { id: 'a', op: 'flow.delay', config: { ms: 200, value: 'a' } },
          { id: 'b', op: 'flow.delay', config: { ms: 200, value: 'b' } },
          { id: 'join', op: 'string.concat' },
          { id: 'out', op: 'flow.output' },
        ],
        edges: [edge('a', 'value', 'join', 'a'), edge('b', 'value', 'join', 'b'), edge('join', 'text', 'out', 'value')],
      },
    });
    expect(concurrent.status).toBe('ok');
    expect(concurrent.output).toBe('ab');
    const a = concurrent.nodes.a;
    const b = concurrent.nodes.b;
    // Overlapping intervals prove concurrency without a wall-clock limit: each started before the other ended.
    expect(Date.parse(a?.startedAt ?? '')).toBeLessThan(Date.parse(b?.endedAt ?? ''));
    expect(Date.parse(b?.startedAt ?? '')).toBeLessThan(Date.parse(a?.endedAt ?? ''));
  });

  it('skips what hangs off the branch not taken, transitively', async () => {
    engine = await startedEngine();
    const workflow = {
      nodes: [
        { id: 'in', op: 'flow.input' },
        { id: 'branch', op: 'flow.branch', config: { operator: 'gte', to: 18 } },
        { id: 'adult', op: 'string.template', config: { template: 'adult {{ age }}' } },
        { id: 'adultOut', op: 'flow.output', config: { key: 'adult' } },
        { id: 'minor', op: 'value.const', config: { value: 'minor' } },
        { id: 'minorOut', op: 'flow.output', config: { key: 'minor' } },
        { id: 'age', op: 'object.get', config: { path: 'age' } },
        { id: 'wrap', op: 'object.set', config: { path: 'age' } },
      ],
      edges: [
        edge('in', 'value', 'age', 'object'),
        edge('age', 'value', 'branch', 'condition'),
        edge('branch', 'true', 'wrap', 'value'),
        edge('wrap', 'object', 'adult', 'data'),
        edge('adult', 'text', 'adultOut', 'value'),
        edge('branch', 'false', 'minor', 'value'),
        edge('minor', 'value', 'minorOut', 'value'),
      ],
    };
    const adult = await engine.run({ workflow, input: { age: 30 } });
    expect(adult.status).toBe('ok');
    expect(adult.output).toEqual({ adult: 'adult 30' });
    expect(adult.nodes.minor?.status).toBe('skipped');
    expect(adult.nodes.minorOut?.status).toBe('skipped');
    const minor = await engine.run({ workflow, input: { age: 12 } });
    expect(minor.output).toEqual({ minor: 12 });
    expect(minor.nodes.wrap?.status).toBe('skipped');
    expect(minor.nodes.adult?.status).toBe('skipped');
    expect(minor.nodes.adultOut?.status).toBe('skipped');
  });

  it('merge takes the first input to arrive and is skipped only when all are', async () => {
    engine = await startedEngine();
    const run = await engine.run({
      workflow: {
        nodes: [
          { id: 'slow', op: 'flow.delay', config: { ms: 50, value: 'slow' } },
          { id: 'fast', op: 'flow.delay', config: { ms: 1, value: 'fast' } },
          { id: 'merge', op: 'flow.merge' },
          { id: 'out', op: 'flow.output' },
        ],
        edges: [edge('slow', 'value', 'merge', 'a'), edge('fast', 'value', 'merge', 'b'), edge('merge', 'value', 'out', 'value')],
      },
    });
    expect(run.output).toBe('fast');
  });

  it('orders side effects through control ports', async () => {
    engine = await startedEngine();
    const run = await engine.run({
      workflow: {
        nodes: [
          { id: 'first', op: 'log', config: { message: 'first', value: 1 } },
          { id: 'stamp', op: 'time.now' },
          { id: 'out', op: 'flow.output' },
        ],
        edges: [edge('first', 'done', 'stamp', 'after'), edge('stamp', 'ms', 'out', 'value')],
      },
    });
    expect(run.status).toBe('ok');
    expect(Date.parse(run.nodes.stamp?.startedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(run.nodes.first?.endedAt ?? ''));
    expect(run.nodes.first?.logs?.[0]?.message).toBe('first');
  });

  it('a wired error port turns a failure into a value and the run goes on', async () => {
    engine = await startedEngine();
    const run = await engine.run({
      workflow: {
        nodes: [
          { id: 'div', op: 'math.divide', config: { a: 1, b: 0 } },
          { id: 'after', op: 'math.add', config: { b: 1 } },
          { id: 'handled', op: 'object.get', config: { path: 'code' } },
          { id: 'out', op: 'flow.output' },
        ],
        edges: [edge('div', 'result', 'after', 'a'), edge('div', 'error', 'handled', 'object'), edge('handled', 'value', 'out', 'value')],
      },
    });
    expect(run.status).toBe('ok');
    expect(run.output).toBe('division_by_zero');
    expect(run.nodes.div?.status).toBe('error');
    expect(run.nodes.div?.error?.message).toBe('Cannot divide by zero');
    expect(run.nodes.after?.status).toBe('skipped');
  });

  it('an unhandled node error fails the run with the node and its message', async () => {
    engine = await startedEngine();
    const run = await engine.run({
      workflow: { nodes: [{ id: 'boom', op: 'flow.fail', config: { message: 'Out of stock', code: 'out_of_stock' } }], edges: [] },
    });
    expect(run.status).toBe('error');
    expect(run.error).toMatchObject({ code: 'out_of_stock', message: 'Out of stock', nodeId: 'boom' });
  });

  it('rejects an input of the wrong shape at run time, naming the port', async () => {
    engine = await startedEngine();
    const run = await engine.run({
      workflow: {
        nodes: [
          { id: 'in', op: 'flow.input' },
          { id: 'len', op: 'array.length' },
        ],
        edges: [edge('in', 'value', 'len', 'array')],
      },
      input: 'not an array',
    });
    expect(run.status).toBe('error');
    expect(run.error?.code).toBe('invalid_input');
    expect(run.error?.message).toContain('"array"');
  });

  it('cancels through the run signal', async () => {
    engine = await startedEngine();
    const run = engine.startRun({ workflow: { nodes: [{ id: 'w', op: 'test.wait', config: { ms: 60_000 } }], edges: [] } });
    setTimeout(() => run.cancel(), 20);
    const record = await run.done;
    expect(record.status).toBe('cancelled');
    expect(record.nodes.w?.status).toBe('error');
  });

  it('stops a run at its timeout', async () => {
    engine = await startedEngine({ runTimeoutMs: 50 });
    const record = await engine.run({ workflow: { nodes: [{ id: 'w', op: 'test.wait', config: { ms: 60_000 } }], edges: [] } });
    expect(record.status).toBe('error');
    expect(record.error?.code).toBe('timeout');
  });

  it('ctx.call runs another op inside the run, traced under the node', async () => {
    engine = await startedEngine();
    const record = await engine.run({ workflow: { nodes: [{ id: 'c', op: 'test.callAdd', config: { a: 2, b: 5 } }], edges: [] } });
    expect(record.nodes.c?.outputs).toEqual({ sum: 7 });
    expect(record.nodes.c?.calls?.[0]).toMatchObject({ op: 'math.add', inputs: { a: 2, b: 5 }, outputs: { result: 7 } });
  });

  it('handles a 2,000-node chain without deep recursion', async () => {
    engine = await startedEngine();
    const size = 2000;
    const nodes = Array.from({ length: size }, (_, i) => ({ id: `n${i}`, op: 'value.const', ...(i === 0 ? { config: { value: 7 } } : {}) }));
    const edges = Array.from({ length: size - 1 }, (_, i) => edge(`n${i}`, 'value', `n${i + 1}`, 'value'));
    const record = await engine.run({ workflow: { nodes, edges } });
    expect(record.status).toBe('ok');
    expect(record.nodes[`n${size - 1}`]?.outputs).toEqual({ value: 7 });
  });
});

describe('admission', () => {
  it('runs at most maxConcurrentRuns at once, queues the next ones, and refuses beyond the queue', async () => {
    engine = await startedEngine({ maxConcurrentRuns: 2, maxQueuedRuns: 1 });
    const slow = { nodes: [{ id: 'w', op: 'test.wait', config: { ms: 60_000 } }], edges: [] };
    const a = engine.startRun({ workflow: slow });
    const b = engine.startRun({ workflow: slow });
    const queued = engine.startRun({ workflow: { nodes: [{ id: 'v', op: 'value.const', config: { value: 'later' } }], edges: [] } });
    expect(() => engine.startRun({ workflow: slow })).toThrow(expect.objectContaining({ code: 'rate_limited' }));
    expect(queued.started).toBe(false);
    expect(queued.toRecord().nodes.v?.status).toBe('pending');
    a.cancel();
    const record = await queued.done;
    expect(record).toMatchObject({ status: 'ok', nodes: { v: { status: 'ok' } } });
    b.cancel();
    await b.done;
  });

  it('a queued run that is cancelled never starts and frees its place', async () => {
    engine = await startedEngine({ maxConcurrentRuns: 1, maxQueuedRuns: 1 });
    const slow = { nodes: [{ id: 'w', op: 'test.wait', config: { ms: 60_000 } }], edges: [] };
    const first = engine.startRun({ workflow: slow });
    const queued = engine.startRun({ workflow: slow });
    queued.cancel();
    expect((await queued.done).status).toBe('cancelled');
    expect(queued.started).toBe(false);
    const next = engine.startRun({ workflow: slow });
    first.cancel();
    await first.done;
    next.cancel();
    expect((await next.done).status).toBe('cancelled');
  });
});
