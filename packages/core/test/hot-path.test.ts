import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createEngine, defineMod, defineOp, type Engine, routedRequest } from '../src/index.ts';

/** What a run costs per node: no hop for a synchronous op, no copy of constants, no timer of its own, no parse of what is known. */

let engine: Engine | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await engine?.stop();
  engine = undefined;
});

const seen: Array<Record<string, unknown>> = [];
const probe = defineOp({
  name: 'test.probe',
  description: 'Hands back the inputs object it was given.',
  inputs: { n: { schema: z.number(), description: 'A number.' }, flag: { schema: z.boolean().optional(), description: 'A flag.' } },
  outputs: { n: { schema: z.number(), description: 'The number.' } },
  run: (inputs) => {
    seen.push(inputs);
    return { n: inputs.n };
  },
});
const emit = defineOp({
  name: 'test.emit',
  description: 'Emits whatever its config says on a port typed as a number, as a careless op might.',
  inputs: { value: { description: 'What to emit.' } },
  outputs: { n: { schema: z.number(), description: 'Claimed to be a number.' } },
  run: (inputs) => ({ n: inputs.value as number }),
});
const never = defineOp({
  name: 'test.never',
  description: 'Never finishes unless its run ends.',
  outputs: { done: { kind: 'control', description: 'Never pulses.' } },
  run: () => new Promise(() => {}),
});
const mod = defineMod({ name: 'test', version: '1.0.0', ops: [probe, emit, never] });

async function started(): Promise<Engine> {
  engine = createEngine({ mods: [mod] });
  await engine.start();
  return engine;
}

const chain = (size: number) => ({
  nodes: Array.from({ length: size }, (_, i) => ({ id: `n${i}`, op: 'math.add', config: i === 0 ? { a: 0, b: 1 } : { b: 1 } })),
  edges: Array.from({ length: size - 1 }, (_, i) => ({ from: { node: `n${i}`, port: 'result' }, to: { node: `n${i + 1}`, port: 'a' } })),
});

describe('the per-node path', () => {
  it('finishes a chain of synchronous ops within startRun, however long the chain', async () => {
    const e = await started();
    const run = e.startRun({ workflow: chain(10_000) });
    expect(run.status).toBe('ok');
    expect(run.nodeStatus(9_999)).toBe('ok');
    const record = await run.done;
    expect(record.nodes.n9999?.outputs).toEqual({ result: 10_000 });
  });

  it('runs a node with no wired input on the same frozen constants every run', async () => {
    const e = await started();
    const plan = e.compile({ nodes: [{ id: 'p', op: 'test.probe', config: { n: 1 } }], edges: [] });
    seen.length = 0;
    await e.run({ plan });
    await e.run({ plan });
    expect(seen).toHaveLength(2);
    expect(seen[0]).toBe(seen[1]);
    expect(Object.isFrozen(seen[0])).toBe(true);
  });

  it('still refuses a value of the wrong type on a plain typed port, with the same error as parsing', async () => {
    const e = await started();
    for (const value of ['1', true, null, { n: 1 }]) {
      const record = await e.run({
        workflow: {
          nodes: [
            { id: 'e', op: 'test.emit', config: { value } },
            { id: 'p', op: 'test.probe' },
          ],
          edges: [{ from: { node: 'e', port: 'n' }, to: { node: 'p', port: 'n' } }],
        },
      });
      expect(record.status, String(value)).toBe('error');
      expect(record.error).toMatchObject({ code: 'invalid_input', nodeId: 'p', details: { port: 'n' } });
    }
    const infinite = await e.run({
      workflow: {
        nodes: [
          { id: 'm', op: 'math.multiply', config: { a: 1e308, b: 10 } },
          { id: 'p', op: 'test.probe' },
        ],
        edges: [{ from: { node: 'm', port: 'result' }, to: { node: 'p', port: 'n' } }],
      },
    });
    expect(infinite.error).toMatchObject({ code: 'invalid_input', nodeId: 'p' });
  });

  it('times every run out on one shared timer', async () => {
    const e = await started();
    const timeouts = vi.spyOn(globalThis, 'setTimeout');
    const waiting = e.compile({ nodes: [{ id: 'w', op: 'test.never' }], edges: [] });
    const runs = Array.from({ length: 20 }, () => e.startRun({ plan: waiting, timeoutMs: 60_000 }));
    expect(timeouts.mock.calls.length).toBeLessThanOrEqual(1);
    const quick = await e.run({ plan: waiting, timeoutMs: 20 });
    expect(quick).toMatchObject({ status: 'error', error: { code: 'timeout', details: { timeoutMs: 20 } } });
    expect(runs.every((run) => run.status === 'running')).toBe(true);
    for (const run of runs) run.cancel();
  });

  it("hands on the router's request value without parsing it again", async () => {
    const e = await started();
    const plan = e.compile({
      nodes: [
        { id: 'req', op: 'http.request', config: { method: 'GET', path: '/x/:id' } },
        { id: 'out', op: 'flow.output' },
      ],
      edges: [{ from: { node: 'req', port: 'params' }, to: { node: 'out', port: 'value' } }],
    });
    const params = { id: '7' };
    const routed = await e.run({ plan, input: routedRequest({ method: 'GET', path: '/x/7', params, query: {}, headers: {} }) });
    expect(routed.output).toBe(params);
    // A value from anywhere else is parsed: a forged shape comes out as the schema says.
    const forged = await e.run({ plan, input: { params: { id: { nested: true } } } });
    expect(forged.output).toEqual({});
  });
});
