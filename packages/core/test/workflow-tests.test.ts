import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineMod, defineOp, runWorkflowTests, type WorkflowInput } from '../src/index.ts';

/** A payment op that must never really run in a test: every call is counted. */
function payMod(calls: string[]) {
  const charge = defineOp({
    name: 'pay.charge',
    description: 'Charges a card.',
    inputs: { amount: { schema: z.number(), description: 'How much.' } },
    outputs: { ok: { schema: z.boolean(), description: 'Whether it went through.' }, receipt: { schema: z.string(), description: 'Receipt id.' } },
    run: (inputs) => {
      calls.push(`charge ${inputs.amount}`);
      return { ok: true, receipt: 'real' };
    },
  });
  const fetch = defineOp({
    name: 'http.fetch',
    description: 'Stands in for the http mod: records that it was reached.',
    inputs: { url: { schema: z.string(), description: 'Where.' } },
    outputs: { body: { description: 'The answer.' } },
    run: (inputs) => {
      calls.push(`fetch ${inputs.url}`);
      return { body: 'from the network' };
    },
  });
  return defineMod({ name: 'pay', version: '1.0.0', ops: [charge, fetch] });
}

const checkout: WorkflowInput = {
  id: 'checkout',
  nodes: [
    { id: 'in', op: 'flow.input' },
    { id: 'amount', op: 'object.get', config: { path: 'amount' } },
    { id: 'charge', op: 'pay.charge' },
    { id: 'paid', op: 'flow.output', config: { key: 'paid' } },
    { id: 'failed', op: 'flow.output', config: { key: 'failure' } },
  ],
  edges: [
    { from: { node: 'in', port: 'value' }, to: { node: 'amount', port: 'object' } },
    { from: { node: 'amount', port: 'value' }, to: { node: 'charge', port: 'amount' } },
    { from: { node: 'charge', port: 'ok' }, to: { node: 'paid', port: 'value' } },
    { from: { node: 'charge', port: 'error' }, to: { node: 'failed', port: 'value' } },
  ],
  tests: [
    {
      name: 'pays',
      input: { amount: 12 },
      mocks: { charge: { outputs: { ok: true, receipt: 'r-1' } } },
      expect: { output: { paid: true }, nodes: { charge: { status: 'ok', outputs: { receipt: 'r-1' } }, failed: 'skipped' } },
    },
    {
      name: 'card declined',
      input: { amount: 12 },
      mocks: { charge: { error: { code: 'timeout', message: 'the bank did not answer' } } },
      expect: { output: { failure: { code: 'timeout' } }, nodes: { charge: { status: 'error' }, paid: 'skipped' } },
    },
    {
      name: 'wrong expectation',
      input: { amount: 7 },
      mocks: { charge: { outputs: { ok: false, receipt: 'r-2' } } },
      expect: { output: { paid: true }, nodes: { charge: { outputs: { receipt: 'r-9' } } } },
    },
  ],
};

describe('workflow test cases', () => {
  it('runs each case with its mocks in place, never the mocked op, and leaves the document as it was', async () => {
    const calls: string[] = [];
    const before = structuredClone(checkout);
    const report = await runWorkflowTests(checkout, { mods: [payMod(calls)], names: ['pays', 'card declined'] });
    expect(report.cases.map((c) => [c.name, c.ok, c.mismatches])).toEqual([
      ['pays', true, []],
      ['card declined', true, []],
    ]);
    expect(report).toMatchObject({ workflowId: 'checkout', passed: 2, failed: 0 });
    expect(report.cases[0]?.run?.nodes.charge?.outputs).toEqual({ ok: true, receipt: 'r-1' });
    expect(calls).toEqual([]);
    expect(checkout).toEqual(before);
  });

  it('locates a mismatch by path, with expected and actual and the inputs of the node', async () => {
    const report = await runWorkflowTests(checkout, { mods: [payMod([])], names: ['wrong expectation'] });
    expect(report).toMatchObject({ passed: 0, failed: 1 });
    expect(report.cases[0]?.mismatches).toEqual([
      { path: 'output.paid', expected: true, actual: false, message: 'expected true, got false' },
      {
        path: 'nodes.charge.outputs.receipt',
        expected: 'r-9',
        actual: 'r-2',
        message: 'expected "r-9", got "r-2"',
        nodeInputs: { amount: 7 },
      },
    ]);
  });

  it('matches arrays by length and index, objects partially', async () => {
    const list: WorkflowInput = {
      nodes: [
        { id: 'in', op: 'flow.input' },
        { id: 'out', op: 'flow.output' },
      ],
      edges: [{ from: { node: 'in', port: 'value' }, to: { node: 'out', port: 'value' } }],
      tests: [
        {
          name: 'partial',
          input: { items: [{ total: 1, sku: 'a' }, { total: 2 }], extra: true },
          expect: { output: { items: [{ total: 1 }, { total: 2 }] } },
        },
        {
          name: 'deep',
          input: { items: [{ total: 1 }, { total: 2 }, { total: 3 }] },
          expect: { output: { items: [{ total: 1 }, { total: 2 }, { total: 4 }, {}] } },
        },
      ],
    };
    const report = await runWorkflowTests(list, { mods: [] });
    expect(report.cases[0]?.ok).toBe(true);
    expect(report.cases[1]?.mismatches.map((m) => [m.path, m.expected, m.actual])).toEqual([
      ['output.items.length', 4, 3],
      ['output.items[2].total', 4, 3],
    ]);
  });

  it('fails an unmocked http.fetch with unmocked_fetch without reaching it, and runs a mocked one', async () => {
    const calls: string[] = [];
    const fetching: WorkflowInput = {
      nodes: [
        { id: 'get', op: 'http.fetch', config: { url: 'https://example.com/' } },
        { id: 'out', op: 'flow.output' },
      ],
      edges: [{ from: { node: 'get', port: 'body' }, to: { node: 'out', port: 'value' } }],
      tests: [
        { name: 'unmocked', expect: { output: 'x' } },
        { name: 'mocked', mocks: { get: { outputs: { body: 'canned' } } }, expect: { output: 'canned' } },
      ],
    };
    const report = await runWorkflowTests(fetching, { mods: [payMod(calls)] });
    expect(report.cases[0]?.ok).toBe(false);
    expect(report.cases[0]?.run?.error).toMatchObject({ code: 'unmocked_fetch', nodeId: 'get' });
    expect(report.cases[0]?.mismatches[0]?.message).toContain('unmocked_fetch');
    expect(report.cases[1]?.ok).toBe(true);
    expect(calls).toEqual([]);
  });

  it('reads a fixed clock, and makes the same ids for the same case', async () => {
    const clocked: WorkflowInput = {
      id: 'clocked',
      nodes: [
        { id: 'now', op: 'time.now' },
        { id: 'id', op: 'id.ulid' },
        { id: 'at', op: 'flow.output', config: { key: 'at' } },
        { id: 'made', op: 'flow.output', config: { key: 'id' } },
      ],
      edges: [
        { from: { node: 'now', port: 'iso' }, to: { node: 'at', port: 'value' } },
        { from: { node: 'id', port: 'id' }, to: { node: 'made', port: 'value' } },
      ],
      tests: [
        { name: 'default clock', expect: { output: { at: '2030-01-01T00:00:00.000Z' } } },
        { name: 'own clock', clock: '2031-06-01T12:00:00Z', expect: { output: { at: '2031-06-01T12:00:00.000Z' } } },
      ],
    };
    const first = await runWorkflowTests(clocked, { mods: [] });
    const second = await runWorkflowTests(clocked, { mods: [] });
    expect(first.cases.map((c) => c.ok)).toEqual([true, true]);
    const ids = (report: typeof first) => report.cases.map((c) => (c.run?.output as { id: string } | undefined)?.id);
    expect(ids(second)).toEqual(ids(first));
    expect(ids(first)[0]).not.toEqual(ids(first)[1]);
    // A ULID's first ten characters are its time: the case's clock.
    expect(ids(first)[0]?.slice(0, 10)).toBe('01Q3DCBD00');
  });

  it('refuses a mock of a node the workflow does not have, and a name no case has', async () => {
    const doc = { ...checkout, tests: [{ name: 'typo', mocks: { chrage: { outputs: {} } }, expect: {} }] };
    const report = await runWorkflowTests(doc, { mods: [payMod([])] });
    expect(report.cases[0]?.mismatches).toEqual([
      { path: 'mocks.chrage', expected: 'a node of the workflow', actual: 'chrage', message: 'there is no node "chrage" to mock' },
    ]);
    await expect(runWorkflowTests(checkout, { mods: [payMod([])], names: ['nope'] })).rejects.toMatchObject({
      code: 'not_found',
      details: { names: ['nope'] },
    });
    await expect(runWorkflowTests({ nodes: [], tests: [{ name: 'a' }, { name: 'a' }] }, { mods: [] })).rejects.toMatchObject({
      code: 'validation_failed',
      details: { field: 'workflow.tests.1.name' },
    });
  });
});
