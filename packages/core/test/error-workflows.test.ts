import { describe, expect, it } from 'vitest';
import { createEngine, createMemoryRunStore, createMemoryWorkflowStore, type Engine, type EngineOptions, type RunSummary } from '../src/index.ts';
import { edge } from './helpers.ts';

/** Fails with `code`, naming the node `step`. */
function failing(id: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    ...extra,
    nodes: [{ id: 'step', op: 'flow.fail', config: { code: 'broken', message: `${id} failed` } }],
  };
}

/** Outputs its input. */
const echo = {
  id: 'handler',
  nodes: [
    { id: 'in', op: 'flow.input' },
    { id: 'out', op: 'flow.output' },
  ],
  edges: [edge('in', 'value', 'out', 'value')],
};

async function engineWith(options: EngineOptions = {}): Promise<Engine> {
  const engine = createEngine(options);
  await engine.start();
  return engine;
}

/** Resolves with the first `count` settled runs started by a failure. */
function errorRuns(engine: Engine, count: number): Promise<RunSummary[]> {
  const seen: RunSummary[] = [];
  return new Promise((resolve) => {
    engine.subscribe((event) => {
      if (event.type !== 'settled' || event.run.trigger.kind !== 'error') return;
      seen.push(event.run);
      if (seen.length === count) resolve(seen);
    });
  });
}

async function allErrorRuns(engine: Engine): Promise<RunSummary[]> {
  const { runs } = await engine.runs.list({ limit: 500 });
  return runs.filter((run) => run.trigger.kind === 'error');
}

describe('error workflows', () => {
  it('run once with the failed run as input when a run ends in error', async () => {
    const engine = await engineWith();
    await engine.workflows.save('handler', echo);
    await engine.workflows.save('main', failing('main', { onError: 'handler' }));
    const heard = errorRuns(engine, 1);
    const failed = await engine.run({ workflowId: 'main' });
    expect(failed.status).toBe('error');
    const [run] = await heard;
    expect(run).toMatchObject({ workflowId: 'handler', status: 'ok', trigger: { kind: 'error', detail: failed.id, errorChain: ['main'] } });
    const record = await engine.runs.get(run?.id as string);
    expect(record?.output).toEqual({
      run: { id: failed.id, workflowId: 'main', error: failed.error, failedNode: 'step', startedAt: failed.startedAt },
    });
    await engine.stop();
    expect(await allErrorRuns(engine)).toHaveLength(1);
  });

  it('do not run for runs that succeed or are cancelled', async () => {
    const engine = await engineWith();
    await engine.workflows.save('handler', echo);
    await engine.workflows.save('fine', { id: 'fine', onError: 'handler', nodes: [{ id: 'in', op: 'flow.input' }] });
    await engine.workflows.save('slow', {
      id: 'slow',
      onError: 'handler',
      nodes: [{ id: 'wait', op: 'flow.delay', config: { ms: 60_000, value: 1 } }],
    });
    expect((await engine.run({ workflowId: 'fine' })).status).toBe('ok');
    const slow = engine.startRun({ workflowId: 'slow' });
    slow.cancel();
    expect((await slow.done).status).toBe('cancelled');
    await engine.stop();
    expect(await allErrorRuns(engine)).toEqual([]);
  });

  it('never come back to a workflow of the chain of failures: neither itself nor a loop of two', async () => {
    const engine = await engineWith();
    await engine.workflows.save('self', failing('self'));
    await engine.workflows.save('self', failing('self', { onError: 'self' }));
    await engine.workflows.save('a', failing('a'));
    await engine.workflows.save('b', failing('b', { onError: 'a' }));
    await engine.workflows.save('a', failing('a', { onError: 'b' }));
    expect((await engine.run({ workflowId: 'self' })).status).toBe('error');
    const heard = errorRuns(engine, 1);
    const first = await engine.run({ workflowId: 'a' });
    const [fromA] = await heard;
    expect(fromA).toMatchObject({ workflowId: 'b', status: 'error', trigger: { detail: first.id, errorChain: ['a'] } });
    await engine.stop();
    expect((await allErrorRuns(engine)).map((run) => run.workflowId)).toEqual(['b']);
  });

  it('are refused at save when the workflow named does not exist', async () => {
    const engine = await engineWith();
    expect(engine.validate(failing('main', { onError: 'nowhere' }))).toEqual([
      expect.objectContaining({ code: 'unknown_workflow', path: 'onError' }),
    ]);
    await engine.stop();
  });

  it('run once for a run a stop interrupted, when the next start settles it', async () => {
    const runStore = createMemoryRunStore();
    const workflowStore = createMemoryWorkflowStore();
    const first = await engineWith({ runStore, workflowStore });
    await first.workflows.save('handler', echo);
    await first.workflows.save('main', { id: 'main', onError: 'handler', nodes: [{ id: 'in', op: 'flow.input' }] });
    await first.stop();
    await runStore.save({
      id: 'crashed',
      workflowId: 'main',
      trigger: { kind: 'api' },
      status: 'running',
      input: null,
      startedAt: new Date().toISOString(),
      nodes: {},
    });

    const second = createEngine({ runStore, workflowStore });
    const heard = errorRuns(second, 1);
    await second.start();
    const [run] = await heard;
    expect(run).toMatchObject({ workflowId: 'handler', status: 'ok', trigger: { kind: 'error', detail: 'crashed' } });
    const record = await second.runs.get(run?.id as string);
    expect(record?.output).toMatchObject({ run: { id: 'crashed', workflowId: 'main', error: { code: 'interrupted' } } });
    await second.stop();
    expect(await allErrorRuns(second)).toHaveLength(1);
  });
});
