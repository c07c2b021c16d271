import { describe, expect, it } from 'vitest';
import { createEngine, createMemoryRunStore, type RunRecord, resumeRun, TRUNCATED } from '../src/index.ts';
import { edge } from './helpers.ts';

const graph = {
  nodes: [
    { id: 'in', op: 'flow.input' },
    { id: 'up', op: 'string.upper' },
    { id: 'out', op: 'flow.output' },
  ],
  edges: [edge('in', 'value', 'up', 'text'), edge('up', 'text', 'out', 'value')],
};

function failedRecord(outputs: Record<string, unknown>): RunRecord {
  return {
    id: 'old',
    trigger: { kind: 'api' },
    status: 'error',
    input: 'ada',
    startedAt: new Date().toISOString(),
    error: { code: 'broken', message: 'up failed', details: null, nodeId: 'up' },
    nodes: { in: { status: 'ok', outputs }, up: { status: 'error' }, out: { status: 'skipped' } },
    graph,
  };
}

async function engineWith(record: RunRecord) {
  const runStore = createMemoryRunStore();
  await runStore.save(record);
  const engine = createEngine({ runStore });
  await engine.start();
  return engine;
}

describe('resuming a run', () => {
  it('reuses the recorded outputs upstream and runs the failed node again', async () => {
    const engine = await engineWith(failedRecord({ value: 'grace' }));
    const record = await (await resumeRun(engine, 'old')).done;
    expect(record).toMatchObject({ status: 'ok', output: 'GRACE', trigger: { kind: 'resume', resume: { from: 'up', reused: ['in'] } } });
    await engine.stop();
  });

  it('refuses a run whose reused outputs were cut short, saying so', async () => {
    const engine = await engineWith(failedRecord({ value: { [TRUNCATED]: true, bytes: 2_000_000, preview: 'gr' } }));
    await expect(resumeRun(engine, 'old')).rejects.toMatchObject({ code: 'not_resumable', details: { reason: 'truncated', at: 'nodes.in.outputs' } });
    await engine.stop();
  });

  it('runs a node again whose recorded output held a redacted secret', async () => {
    const engine = await engineWith(failedRecord({ value: 'Bearer [redacted]' }));
    const record = await (await resumeRun(engine, 'old')).done;
    expect(record).toMatchObject({ status: 'ok', output: 'ADA', trigger: { resume: { reused: [] } } });
    await engine.stop();
  });
});
