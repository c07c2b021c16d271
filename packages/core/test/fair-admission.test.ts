import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createEngine, defineMod, defineOp, type Engine, type EngineOptions } from '../src/index.ts';
import { edge } from './helpers.ts';

/** Labels of runs in the order their work began. */
let began: string[] = [];
/** Resolvers of holding runs, by label; a label released before its run began holds no resolver. */
let holding = new Map<string, (() => void) | undefined>();

/** Lets the holding run of `label` finish, now or as soon as it begins. */
function release(label: string): void {
  const resolve = holding.get(label);
  if (resolve) resolve();
  else holding.set(label, undefined);
}

const hold = defineOp({
  name: 'fair.hold',
  description: 'Waits until the test releases its label (or the run is aborted): a run sleeping on I/O.',
  inputs: { label: { schema: z.string(), description: 'Names the run.' } },
  outputs: { value: { description: 'The label.' } },
  run: (inputs, ctx) =>
    new Promise((resolve, reject) => {
      began.push(inputs.label);
      const done = () => resolve({ value: inputs.label });
      if (holding.has(inputs.label)) done();
      else holding.set(inputs.label, done);
      ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason), { once: true });
    }),
});

const mark = defineOp({
  name: 'fair.mark',
  description: 'Notes its label and ends: a quick, CPU-light run.',
  inputs: { label: { schema: z.string(), description: 'Names the run.' } },
  outputs: { value: { description: 'The label.' } },
  run: async (inputs) => {
    began.push(inputs.label);
    return { value: inputs.label };
  },
});

const fairMod = defineMod({ name: 'fair', version: '1.0.0', ops: [hold, mark] });

/** A workflow whose one node is `op`, labelled by the run's input; no `id` makes it an inline document without one. */
function workflow(op: 'fair.hold' | 'fair.mark', id?: string) {
  return {
    ...(id === undefined ? {} : { id }),
    nodes: [
      { id: 'in', op: 'flow.input' },
      { id: 'work', op },
      { id: 'out', op: 'flow.output' },
    ],
    edges: [edge('in', 'value', 'work', 'label'), edge('work', 'value', 'out', 'value')],
  };
}

let engine: Engine;
async function fairEngine(options: EngineOptions): Promise<Engine> {
  engine = createEngine({ mods: [fairMod], ...options });
  await engine.start();
  return engine;
}

afterEach(async () => {
  await engine?.stop();
  began = [];
  holding = new Map();
});

describe('fair admission', () => {
  it('serves a quick workflow at once while a slow one holds its whole share', async () => {
    await fairEngine({ maxConcurrentRuns: 4, maxConcurrentRunsPerWorkflow: 2 });
    const slowDocument = workflow('fair.hold', 'slow');
    const slow = Array.from({ length: 10 }, (_, i) => engine.startRun({ workflow: slowDocument, input: `slow ${i}` }));
    const quick = engine.startRun({ workflow: workflow('fair.mark', 'quick'), input: 'quick' });
    expect(quick.started).toBe(true);
    expect(await quick.done).toMatchObject({ status: 'ok', output: 'quick' });
    expect(slow.every((run) => run.status === 'running')).toBe(true);
    expect(slow.map((run) => run.started)).toEqual([true, true, false, false, false, false, false, false, false, false]);
    expect(began).toEqual(['slow 0', 'slow 1', 'quick']);

    release('slow 0');
    expect((await slow[0]?.done)?.status).toBe('ok');
    // Oldest first within the workflow.
    expect(slow.map((run) => run.started)).toEqual([true, true, true, false, false, false, false, false, false, false]);
  });

  it('gives freed slots to the workflows with waiting runs in turn', async () => {
    await fairEngine({ maxConcurrentRuns: 1, maxConcurrentRunsPerWorkflow: 1 });
    const gate = engine.startRun({ workflow: workflow('fair.hold', 'gate'), input: 'gate' });
    const [a, b, c] = ['a', 'b', 'c'].map((id) => workflow('fair.mark', id));
    const queued = [
      engine.startRun({ workflow: a, input: 'a1' }),
      engine.startRun({ workflow: a, input: 'a2' }),
      engine.startRun({ workflow: a, input: 'a3' }),
      engine.startRun({ workflow: b, input: 'b1' }),
      engine.startRun({ workflow: b, input: 'b2' }),
      engine.startRun({ workflow: c, input: 'c1' }),
    ];
    expect(queued.some((run) => run.started)).toBe(false);
    release('gate');
    await gate.done;
    const records = await Promise.all(queued.map((run) => run.done));
    expect(records.every((record) => record.status === 'ok')).toBe(true);
    expect(began).toEqual(['gate', 'a1', 'b1', 'c1', 'a2', 'b2', 'a3']);
  });

  it('hands a freed slot to the next workflow in turn, not to the oldest waiting run', async () => {
    await fairEngine({ maxConcurrentRuns: 2, maxConcurrentRunsPerWorkflow: 2 });
    const slowDocument = workflow('fair.hold', 'slow');
    for (let i = 0; i < 5; i++) engine.startRun({ workflow: slowDocument, input: `slow ${i}` });
    const quick = engine.startRun({ workflow: workflow('fair.mark', 'quick'), input: 'quick' });
    expect(quick.started).toBe(false);
    release('slow 0');
    expect(await quick.done).toMatchObject({ status: 'ok' });
    expect(began.slice(0, 3)).toEqual(['slow 0', 'slow 1', 'quick']);
  });

  it('a cancelled queued run leaves its queue: it never starts and frees its place', async () => {
    await fairEngine({ maxConcurrentRuns: 1, maxConcurrentRunsPerWorkflow: 1, maxQueuedRuns: 3 });
    engine.startRun({ workflow: workflow('fair.hold', 'gate'), input: 'gate' });
    const a = workflow('fair.mark', 'a');
    const b = workflow('fair.mark', 'b');
    const a1 = engine.startRun({ workflow: a, input: 'a1' });
    const b1 = engine.startRun({ workflow: b, input: 'b1' });
    const a2 = engine.startRun({ workflow: a, input: 'a2' });
    expect(() => engine.startRun({ workflow: a, input: 'refused' })).toThrow(expect.objectContaining({ code: 'rate_limited' }));

    a1.cancel();
    b1.cancel();
    expect((await a1.done).status).toBe('cancelled');
    expect((await b1.done).status).toBe('cancelled');
    const a3 = engine.startRun({ workflow: a, input: 'a3' });
    release('gate');
    expect((await a2.done).status).toBe('ok');
    expect((await a3.done).status).toBe('ok');
    expect(a1.started || b1.started).toBe(false);
    expect(began).toEqual(['gate', 'a2', 'a3']);
    // The workflow whose only waiting run was cancelled lost its turn cleanly and is served again.
    expect(await engine.run({ workflow: b, input: 'b2' })).toMatchObject({ status: 'ok', output: 'b2' });
  });

  it('bounds the waiting runs of one workflow, leaving queue places for the others', async () => {
    await fairEngine({ maxConcurrentRuns: 1, maxConcurrentRunsPerWorkflow: 1, maxQueuedRuns: 3, maxQueuedRunsPerWorkflow: 2 });
    engine.startRun({ workflow: workflow('fair.hold', 'gate'), input: 'gate' });
    const a = workflow('fair.mark', 'a');
    engine.startRun({ workflow: a, input: 'a1' });
    engine.startRun({ workflow: a, input: 'a2' });
    expect(() => engine.startRun({ workflow: a, input: 'a3' })).toThrow(
      expect.objectContaining({
        code: 'rate_limited',
        details: expect.objectContaining({ scope: 'workflow', workflowId: 'a', waiting: 2 }),
      }),
    );
    expect(engine.startRun({ workflow: workflow('fair.mark', 'b'), input: 'b1' }).status).toBe('running');
    expect(() => engine.startRun({ workflow: workflow('fair.mark', 'c'), input: 'c1' })).toThrow(
      expect.objectContaining({ code: 'rate_limited', details: expect.objectContaining({ scope: 'engine', waiting: 3 }) }),
    );
  });

  it('groups documents without an id together, and documents with an id under that id', async () => {
    await fairEngine({ maxConcurrentRuns: 4, maxConcurrentRunsPerWorkflow: 2 });
    const inline = [0, 1, 2].map((i) => engine.startRun({ workflow: workflow('fair.hold'), input: `inline ${i}` }));
    expect(inline.map((run) => run.started)).toEqual([true, true, false]);
    expect(engine.startRun({ workflow: workflow('fair.hold', 'named'), input: 'named' }).started).toBe(true);
    await engine.workflows.save('saved', workflow('fair.hold', 'saved'));
    expect(engine.startRun({ workflowId: 'saved', input: 'saved' }).started).toBe(true);

    release('inline 0');
    await inline[0]?.done;
    expect(inline[2]?.started).toBe(true);
  });
});

describe('admission limits', () => {
  it('gives one workflow three quarters of each limit, rounded up, unless set', () => {
    const shares = (options: EngineOptions) => {
      const e = createEngine(options);
      return [e.maxConcurrentRunsPerWorkflow, e.maxQueuedRunsPerWorkflow];
    };
    expect(shares({})).toEqual([48, 768]);
    expect(shares({ maxConcurrentRuns: 8, maxQueuedRuns: 0 })).toEqual([6, 0]);
    expect(shares({ maxConcurrentRuns: 2, maxQueuedRuns: 1 })).toEqual([2, 1]);
    expect(shares({ maxConcurrentRuns: 1 })).toEqual([1, 768]);
    expect(shares({ maxConcurrentRuns: 8, maxConcurrentRunsPerWorkflow: 3, maxQueuedRunsPerWorkflow: 10 })).toEqual([3, 10]);
  });

  it('refuses shares that are not whole numbers within their limit', () => {
    expect(() => createEngine({ maxConcurrentRuns: 4, maxConcurrentRunsPerWorkflow: 5 })).toThrow(
      'maxConcurrentRunsPerWorkflow must be a whole number from 1 to maxConcurrentRuns (4); got 5',
    );
    expect(() => createEngine({ maxConcurrentRunsPerWorkflow: 0 })).toThrow(/maxConcurrentRunsPerWorkflow must be/);
    expect(() => createEngine({ maxConcurrentRunsPerWorkflow: 1.5 })).toThrow(/maxConcurrentRunsPerWorkflow must be/);
    expect(() => createEngine({ maxQueuedRuns: 10, maxQueuedRunsPerWorkflow: 11 })).toThrow(
      'maxQueuedRunsPerWorkflow must be a whole number from 0 to maxQueuedRuns (10); got 11',
    );
  });
});
