import { createEngine, runWorkflowTests } from '@pattern/core';
import storeMod from '@pattern/mod-store';
import { describe, expect, it } from 'vitest';
import { testCaseFromRun } from '../src/editor/tests/from-run.ts';

const saveOrder = {
  id: 'save-order',
  nodes: [
    { id: 'in', op: 'flow.input' },
    { id: 'save', op: 'store.put', config: { collection: 'orders' } },
    { id: 'id', op: 'object.get', config: { path: 'id' } },
    { id: 'out', op: 'flow.output' },
  ],
  edges: [
    { from: { node: 'in', port: 'value' }, to: { node: 'save', port: 'data' } },
    { from: { node: 'save', port: 'doc' }, to: { node: 'id', port: 'object' } },
    { from: { node: 'id', port: 'value' }, to: { node: 'out', port: 'value' } },
  ],
};

describe('saving a run as a test case', () => {
  it('replays the store from the run, expects its output, and passes as it is', async () => {
    const engine = createEngine({ mods: [storeMod] });
    await engine.start();
    const run = await engine.run({ workflow: saveOrder, input: { total: 42 } });
    const catalog = new Map(engine.catalog().map((op) => [op.name, op]));
    await engine.stop();
    expect(run.status).toBe('ok');

    const testCase = testCaseFromRun(run, catalog, []);
    expect(Object.keys(testCase.mocks ?? {})).toEqual(['save']);
    expect(testCase).toMatchObject({ input: { total: 42 }, expect: { status: 'ok', output: run.output } });

    const report = await runWorkflowTests({ ...saveOrder, tests: [testCase] }, { mods: [storeMod] });
    expect(report.cases[0]?.mismatches).toEqual([]);
    expect(testCaseFromRun(run, catalog, [testCase.name]).name).toBe(`${testCase.name} 2`);
  });
});
