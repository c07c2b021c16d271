import { describe, expect, it } from 'vitest';
import { createEngine, createMemoryWorkflowStore, defineMod, defineOp, type Engine, type EngineOptions, PatternError } from '../src/index.ts';
import { edge } from './helpers.ts';

/** Ops that make child runs observable: one that counts how many of its nodes run at once, one that waits until aborted. */
function probeMod() {
  const gauge = { now: 0, max: 0, started: 0 };
  const track = defineOp({
    name: 'probe.track',
    description: 'Counts itself while it waits a moment; fails on a negative value.',
    inputs: { value: { description: 'Passed on.' } },
    outputs: { value: { description: 'The value.' } },
    run: async ({ value }) => {
      gauge.started++;
      gauge.now++;
      gauge.max = Math.max(gauge.max, gauge.now);
      await new Promise((resolve) => setTimeout(resolve, 2));
      gauge.now--;
      if (typeof value === 'number' && value < 0) throw new PatternError('negative', `${value} is negative`);
      return { value };
    },
  });
  const hang = defineOp({
    name: 'probe.hang',
    description: 'Waits until its run ends.',
    outputs: { value: { description: 'Never emitted.' } },
    run: (_inputs, ctx) => new Promise((_resolve, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason), { once: true })),
  });
  return { gauge, mod: defineMod({ name: 'probe', version: '1.0.0', ops: [track, hang] }) };
}

async function engineWith(options: EngineOptions = {}) {
  const probe = probeMod();
  const engine = createEngine({ mods: [probe.mod], ...options });
  await engine.start();
  return { engine, gauge: probe.gauge };
}

/** A workflow whose one node `op` gets the run's input on `port` and outputs what it emits on `out`. */
function around(id: string, op: string, config: Record<string, unknown>, port = 'input', out = 'output', extra: Record<string, unknown> = {}) {
  return {
    id,
    ...extra,
    nodes: [
      { id: 'in', op: 'flow.input' },
      { id: 'step', op, config },
      { id: 'out', op: 'flow.output' },
    ],
    edges: [edge('in', 'value', 'step', port), edge('step', out, 'out', 'value')],
  };
}

/** Fails with `code` and the run's input as the message. */
function failing(id: string, code: string) {
  return {
    id,
    nodes: [
      { id: 'in', op: 'flow.input' },
      { id: 'step', op: 'flow.fail', config: { code } },
    ],
    edges: [edge('in', 'value', 'step', 'message')],
  };
}

const itemValue = {
  nodes: [
    { id: 'in', op: 'flow.input' },
    { id: 'get', op: 'object.get', config: { path: 'item' } },
    { id: 'track', op: 'probe.track' },
    { id: 'out', op: 'flow.output' },
  ],
  edges: [edge('in', 'value', 'get', 'object'), edge('get', 'value', 'track', 'value'), edge('track', 'value', 'out', 'value')],
};

async function children(engine: Engine, parentRunId: string) {
  const { runs } = await engine.runs.list({ limit: 500 });
  return runs.filter((run) => run.parentRunId === parentRunId);
}

describe('workflow.call', () => {
  it('runs the saved workflow as a child linked to the calling node, and hands on its output', async () => {
    const { engine } = await engineWith();
    await engine.workflows.save('double', around('double', 'math.multiply', { b: 2 }, 'a', 'result'));
    await engine.workflows.save('caller', around('caller', 'workflow.call', { workflow: 'double' }));
    const run = await engine.run({ workflowId: 'caller', input: 21 });
    expect(run.status).toBe('ok');
    expect(run.output).toBe(42);
    const [child] = await children(engine, run.id);
    expect(child).toMatchObject({ workflowId: 'double', parentRunId: run.id, parentNodeId: 'step', status: 'ok', output: 42 });
    expect(run.nodes.step?.outputs).toEqual({ output: 42, status: 'ok' });
    expect(run.nodes.step?.children).toMatchObject({ total: 1, ok: 1, error: 0, runs: [{ runId: child?.id, workflowId: 'double', status: 'ok' }] });
    await engine.stop();
  });

  it('refuses to save a call of a workflow that does not exist, at the node’s config', async () => {
    const { engine } = await engineWith();
    const problems = engine.validate(around('caller', 'workflow.call', { workflow: 'nowhere' }));
    expect(problems).toEqual([
      expect.objectContaining({ code: 'unknown_workflow', path: 'nodes[1].config.workflow', message: expect.stringContaining('"nowhere"') }),
    ]);
    await engine.stop();
  });

  it('fails clearly when the called workflow was deleted since, and a wired error port gets it', async () => {
    const { engine } = await engineWith();
    await engine.workflows.save('gone', around('gone', 'value.const', { value: 1 }, 'value', 'value'));
    await engine.workflows.save('caller', {
      nodes: [
        { id: 'call', op: 'workflow.call', config: { workflow: 'gone', input: 1 } },
        { id: 'out', op: 'flow.output' },
      ],
      edges: [edge('call', 'error', 'out', 'value')],
    });
    await engine.workflows.delete('gone');
    const run = await engine.run({ workflowId: 'caller' });
    expect(run.status).toBe('ok');
    expect(run.output).toMatchObject({ code: 'not_found', message: expect.stringContaining('"gone"') });
    await engine.stop();
  });

  it('refuses an input the called workflow’s inputSchema does not take, before starting it', async () => {
    const { engine } = await engineWith();
    const schema = { type: 'object', required: ['email'], properties: { email: { type: 'string', format: 'email' } } };
    await engine.workflows.save('strict', around('strict', 'value.const', {}, 'value', 'value', { inputSchema: schema }));
    await engine.workflows.save('caller', around('caller', 'workflow.call', { workflow: 'strict' }));
    const refused = await engine.run({ workflowId: 'caller', input: { email: 'not an address' } });
    expect(refused.status).toBe('error');
    expect(refused.error).toMatchObject({ code: 'invalid_input', nodeId: 'step', message: expect.stringContaining('/email') });
    expect(await children(engine, refused.id)).toEqual([]);
    const taken = await engine.run({ workflowId: 'caller', input: { email: 'ada@example.com' } });
    expect(taken.output).toEqual({ email: 'ada@example.com' });
    await engine.stop();
  });

  it('refuses to save an inputSchema or outputSchema that is not a JSON Schema', async () => {
    const { engine } = await engineWith();
    const problems = engine.validate({ ...around('w', 'value.const', {}, 'value', 'value'), outputSchema: { type: 'no such type' } });
    expect(problems).toEqual([expect.objectContaining({ path: 'outputSchema' })]);
    await engine.stop();
  });

  it('fails the caller with the child’s code and run id when the child fails', async () => {
    const { engine } = await engineWith();
    await engine.workflows.save('refuse', failing('refuse', 'out_of_stock'));
    await engine.workflows.save('caller', around('caller', 'workflow.call', { workflow: 'refuse' }));
    const run = await engine.run({ workflowId: 'caller', input: 'none left' });
    const [child] = await children(engine, run.id);
    expect(child?.status).toBe('error');
    expect(run.error).toMatchObject({ code: 'out_of_stock', nodeId: 'step', details: { runId: child?.id, workflowId: 'refuse', nodeId: 'step' } });
    expect(run.error?.message).toContain('none left');
    await engine.stop();
  });

  it('cancels the child when the calling run is cancelled', async () => {
    const { engine } = await engineWith();
    await engine.workflows.save('hang', { nodes: [{ id: 'h', op: 'probe.hang' }], edges: [] });
    await engine.workflows.save('caller', around('caller', 'workflow.call', { workflow: 'hang' }));
    const parent = engine.startRun({ workflowId: 'caller' });
    const child = await new Promise<string>((resolve) => {
      const off = engine.subscribe((event) => {
        if (event.type === 'started' && event.run.parentRunId === parent.id) {
          off();
          resolve(event.run.id);
        }
      });
    });
    parent.cancel();
    expect((await parent.done).status).toBe('cancelled');
    const record = await engine.getRun(child);
    expect(record).toMatchObject({ status: 'cancelled', parentRunId: parent.id, error: { code: 'cancelled' } });
    await engine.stop();
  });

  it('cancels the child when the calling run times out', async () => {
    const { engine } = await engineWith();
    await engine.workflows.save('hang', { nodes: [{ id: 'h', op: 'probe.hang' }], edges: [] });
    await engine.workflows.save('caller', around('caller', 'workflow.call', { workflow: 'hang' }));
    const run = await engine.run({ workflowId: 'caller', timeoutMs: 30 });
    expect(run.error?.code).toBe('timeout');
    const [child] = await children(engine, run.id);
    expect(child).toMatchObject({ status: 'cancelled', error: { code: 'timeout' } });
    expect(engine.activeRuns()).toEqual([]);
    await engine.stop();
  });

  it('stops a call cycle at the depth limit with call_depth naming the chain', async () => {
    const { engine } = await engineWith({ maxCallDepth: 4 });
    await engine.workflows.save('a', around('a', 'value.const', {}, 'value', 'value'));
    await engine.workflows.save('b', around('b', 'workflow.call', { workflow: 'a' }));
    await engine.workflows.save('a', around('a', 'workflow.call', { workflow: 'b' }));
    const run = await engine.run({ workflowId: 'a', input: 1 });
    expect(run.status).toBe('error');
    expect(run.error?.code).toBe('call_depth');
    expect(run.error?.message).toContain('a → b → a → b → a → b');
    const { runs } = await engine.runs.list({ limit: 100 });
    // The root and four levels of children: the fifth was refused before it started.
    expect(runs).toHaveLength(5);
    expect(runs.every((r) => r.status === 'error')).toBe(true);
    await engine.stop();
  });

  it('lets a call nest 16 deep by default, and no deeper', async () => {
    const { engine } = await engineWith();
    await engine.workflows.save('self', around('self', 'value.const', {}, 'value', 'value'));
    await engine.workflows.save('self', around('self', 'workflow.call', { workflow: 'self' }));
    const run = await engine.run({ workflowId: 'self' });
    expect(run.error?.code).toBe('call_depth');
    expect(run.error?.details).toMatchObject({ runId: expect.any(String) });
    expect((await engine.runs.list({ limit: 100 })).runs).toHaveLength(17);
    await engine.stop();
  });

  it('runs children inside their parents’ slots: more parents than slots do not deadlock', async () => {
    const { engine } = await engineWith({ maxConcurrentRuns: 2, maxConcurrentRunsPerWorkflow: 2, maxQueuedRuns: 100, maxQueuedRunsPerWorkflow: 100 });
    await engine.workflows.save('item', itemValue);
    await engine.workflows.save('parent', around('parent', 'flow.map', { workflow: 'item', concurrency: 3 }, 'items', 'results'));
    const parents = Array.from({ length: 12 }, (_, i) => engine.run({ workflowId: 'parent', input: [i, i + 1, i + 2] }));
    const settled = await Promise.all(parents);
    expect(settled.map((r) => r.status)).toEqual(settled.map(() => 'ok'));
    expect(settled.map((r) => r.output)).toEqual(settled.map((_, i) => [i, i + 1, i + 2]));
    await engine.stop();
  });

  it('finds a called workflow saved after its caller when the workflows are loaded again', async () => {
    // As the SQLite and PostgreSQL stores do: by id, and fresh documents, so nothing compiled before is reused.
    const memory = createMemoryWorkflowStore();
    const store = { ...memory, list: async () => structuredClone(await memory.list()).sort((a, b) => (a.id < b.id ? -1 : 1)) };
    const first = await engineWith({ workflowStore: store });
    await first.engine.workflows.save('z-child', around('z-child', 'value.const', {}, 'value', 'value'));
    await first.engine.workflows.save('a-caller', around('a-caller', 'workflow.call', { workflow: 'z-child' }));
    await first.engine.workflows.load([]);
    expect(first.engine.workflows.get('a-caller')?.problems).toEqual([]);
    expect((await first.engine.run({ workflowId: 'a-caller', input: 7 })).output).toBe(7);
    await first.engine.stop();
  });
});

describe('flow.map', () => {
  it('outputs results in the order of the items and never runs more than `concurrency` at once', async () => {
    const { engine, gauge } = await engineWith();
    await engine.workflows.save('item', itemValue);
    await engine.workflows.save('map', around('map', 'flow.map', { workflow: 'item', concurrency: 3 }, 'items', 'results'));
    const items = Array.from({ length: 30 }, (_, i) => i * 10);
    const run = await engine.run({ workflowId: 'map', input: items });
    expect(run.output).toEqual(items);
    expect(gauge.max).toBe(3);
    expect(run.nodes.step?.children).toMatchObject({ total: 30, ok: 30, error: 0, cancelled: 0 });
    expect(run.nodes.step?.children?.runs.map((c) => c.key)).toEqual(items.map((_, i) => i));
    await engine.stop();
  });

  it('onError fail: stops starting items, cancels the running ones and fails with the item', async () => {
    const { engine, gauge } = await engineWith();
    await engine.workflows.save('item', itemValue);
    await engine.workflows.save('map', around('map', 'flow.map', { workflow: 'item', concurrency: 2 }, 'items', 'results'));
    const run = await engine.run({ workflowId: 'map', input: [1, 2, -3, 4, 5, 6, 7, 8, 9, 10] });
    expect(run.status).toBe('error');
    expect(run.error).toMatchObject({ code: 'negative', details: { index: 2, runId: expect.any(String) } });
    expect(gauge.started).toBeLessThan(10);
    await engine.stop();
  });

  it('onError collect: goes on, and lists the failed items with their runs', async () => {
    const { engine } = await engineWith();
    await engine.workflows.save('item', itemValue);
    await engine.workflows.save('map', {
      nodes: [
        { id: 'in', op: 'flow.input' },
        { id: 'map', op: 'flow.map', config: { workflow: 'item', onError: 'collect' } },
        { id: 'results', op: 'flow.output', config: { key: 'results' } },
        { id: 'errors', op: 'flow.output', config: { key: 'errors' } },
      ],
      edges: [edge('in', 'value', 'map', 'items'), edge('map', 'results', 'results', 'value'), edge('map', 'errors', 'errors', 'value')],
    });
    const run = await engine.run({ workflowId: 'map', input: [1, -2, 3, -4] });
    expect(run.status).toBe('ok');
    const output = run.output as { results: unknown[]; errors: Array<{ index: number; runId: string }> };
    expect(output.results).toEqual([1, null, 3, null]);
    expect(output.errors.map((e) => [e.index, (e as unknown as { error: { code: string } }).error.code])).toEqual([
      [1, 'negative'],
      [3, 'negative'],
    ]);
    const failed = await engine.getRun(output.errors[0]?.runId as string);
    expect(failed).toMatchObject({ status: 'error', parentRunId: run.id, parentNodeId: 'map', input: { item: -2, index: 1 } });
    expect(run.nodes.map?.children).toMatchObject({ total: 4, ok: 2, error: 2 });
    await engine.stop();
  });

  it('keeps a bounded summary of its item runs in its trace', async () => {
    const { engine } = await engineWith();
    await engine.workflows.save('item', around('item', 'object.get', { path: 'index' }, 'object', 'value'));
    await engine.workflows.save('map', around('map', 'flow.map', { workflow: 'item', concurrency: 16 }, 'items', 'results'));
    const run = await engine.run({ workflowId: 'map', input: Array.from({ length: 1200 }, () => 0) });
    expect((run.output as number[])[1199]).toBe(1199);
    expect(run.nodes.step?.children?.total).toBe(1200);
    expect(run.nodes.step?.children?.runs).toHaveLength(1000);
    await engine.stop();
  });
});

describe('flow.try and flow.parallel', () => {
  it('flow.try hands a failure out of `caught` and the node succeeds', async () => {
    const { engine } = await engineWith();
    await engine.workflows.save('parse', around('parse', 'json.parse', {}, 'text', 'value'));
    await engine.workflows.save('try', {
      nodes: [
        { id: 'in', op: 'flow.input' },
        { id: 'try', op: 'flow.try', config: { workflow: 'parse' } },
        { id: 'ok', op: 'flow.output', config: { key: 'ok' } },
        { id: 'caught', op: 'flow.output', config: { key: 'caught' } },
      ],
      edges: [edge('in', 'value', 'try', 'input'), edge('try', 'ok', 'ok', 'value'), edge('try', 'caught', 'caught', 'value')],
    });
    const failed = await engine.run({ workflowId: 'try', input: 'nope' });
    expect(failed.status).toBe('ok');
    expect(failed.nodes.ok?.status).toBe('skipped');
    expect(failed.output).toMatchObject({ caught: { code: 'invalid_json', details: { runId: expect.any(String) } } });
    const parsed = await engine.run({ workflowId: 'try', input: '[1]' });
    expect(parsed.output).toEqual({ ok: [1] });
    await engine.stop();
  });

  it('flow.parallel joins the outputs by name, and a failing branch cancels the others', async () => {
    const { engine } = await engineWith();
    await engine.workflows.save('twice', around('twice', 'math.multiply', { b: 2 }, 'a', 'result'));
    await engine.workflows.save('plus', around('plus', 'math.add', { b: 1 }, 'a', 'result'));
    await engine.workflows.save('hang', { nodes: [{ id: 'h', op: 'probe.hang' }], edges: [] });
    await engine.workflows.save('fail', failing('fail', 'failed'));
    const joined = await engine.run({
      workflow: around('p', 'flow.parallel', { workflows: ['twice', { name: 'next', workflow: 'plus' }] }, 'input', 'outputs'),
      input: 5,
    });
    expect(joined.output).toEqual({ twice: 10, next: 6 });
    const failed = await engine.run({ workflow: around('p', 'flow.parallel', { workflows: ['hang', 'fail'] }, 'input', 'outputs'), input: 'broken' });
    expect(failed.error).toMatchObject({ code: 'failed', details: { name: 'fail' } });
    const hung = (await children(engine, failed.id)).find((r) => r.workflowId === 'hang');
    expect(hung?.status).toBe('cancelled');
    expect(engine.validate(around('p', 'flow.parallel', { workflows: ['twice', 'twice'] }, 'input', 'outputs'))).toEqual([
      expect.objectContaining({ path: 'nodes[1].config.workflows[1]' }),
    ]);
    await engine.stop();
  });
});
