import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../src/index.ts';
import { edge, startedEngine } from './helpers.ts';
import { HOSTILE_VALUES, invoker } from './ops-invoke-helpers.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await startedEngine();
});
afterAll(async () => {
  await engine.stop();
});

const { output, failure, refusedOrOk } = invoker(() => engine);

const CASES = [
  { name: 'paid', to: 'paid' },
  { name: 'big', operator: 'gte', to: 1000 },
];

/** Routes `order` on its status, then on its total; each output (and `default`) builds a key of the run's output. */
function router(path: string, cases: unknown[] = CASES) {
  const names = [...cases.map((c) => (c as { name: string }).name), 'default'];
  return {
    nodes: [
      { id: 'in', op: 'flow.input' },
      { id: 'route', op: 'flow.switch', config: { path, cases } },
      ...names.map((name) => ({ id: `out_${name}`, op: 'flow.output', config: { key: name } })),
    ],
    edges: [edge('in', 'value', 'route', 'value'), ...names.map((name) => edge('route', name, `out_${name}`, 'value'))],
  };
}

describe('flow.switch', () => {
  it('sends the value to the first matching case and skips the others', async () => {
    const run = await engine.run({ workflow: router('status'), input: { status: 'paid', total: 5000 } });
    expect(run.status, run.error?.message).toBe('ok');
    expect(run.output).toEqual({ paid: { status: 'paid', total: 5000 } });
    expect(run.nodes.out_big?.status).toBe('skipped');
    expect(run.nodes.out_default?.status).toBe('skipped');
    expect(run.nodes.route?.outputs).toMatchObject({ case: 'paid' });
  });

  it('compares with the case operator on the path, and falls through to default', async () => {
    const cases = [
      { name: 'small', operator: 'lt', to: 10 },
      { name: 'big', operator: 'gte', to: 1000 },
    ];
    const value = fc.record({ order: fc.record({ total: fc.oneof(fc.integer({ min: -100, max: 5000 }), fc.string(), fc.constant(null)) }) });
    await fc.assert(
      fc.asyncProperty(value, async (input) => {
        const run = await engine.run({ workflow: router('order.total', cases), input });
        const total = input.order.total;
        const expected = typeof total !== 'number' ? 'default' : total < 10 ? 'small' : total >= 1000 ? 'big' : 'default';
        expect(run.output).toEqual({ [expected]: input });
      }),
      { numRuns: 60 },
    );
  });

  it('matches structurally with eq, the whole value with an empty path', async () => {
    const cases = [{ name: 'origin', to: { x: 0, y: 0 } }];
    expect((await engine.run({ workflow: router('', cases), input: { x: 0, y: 0 } })).output).toEqual({ origin: { x: 0, y: 0 } });
    expect((await engine.run({ workflow: router('', cases), input: { x: 0, y: 1 } })).output).toEqual({ default: { x: 0, y: 1 } });
  });

  it('refuses cases that cannot be ports, located at the case', () => {
    const problems = (cases: unknown[]) => engine.validate({ nodes: [{ id: 'route', op: 'flow.switch', config: { value: 1, cases } }], edges: [] });
    expect(problems([{ name: 'default', to: 1 }])).toEqual([expect.objectContaining({ path: 'nodes[0].config.cases[0].name' })]);
    expect(problems([{ name: 'case', to: 1 }])).toEqual([expect.objectContaining({ path: 'nodes[0].config.cases[0].name' })]);
    expect(
      problems([
        { name: 'ok', to: 1 },
        { name: 'ok', to: 2 },
      ]),
    ).toEqual([expect.objectContaining({ path: 'nodes[0].config.cases[1].name' })]);
    expect(problems([{ name: 'not a name', to: 1 }])).toEqual([expect.objectContaining({ path: 'nodes[0].config.cases[0].name' })]);
    expect(problems([{ name: 'ok', operator: 'like', to: 1 }]).length).toBeGreaterThan(0);
  });

  it('refuses an edge from a port no case declares', () => {
    const workflow = router('status');
    workflow.edges.push(edge('route', 'refunded', 'out_default', 'value'));
    expect(engine.validate(workflow)).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: expect.stringMatching(/^edges\[\d+\]\.from\.port$/) })]),
    );
  });
});

describe('flow.assert', () => {
  it('passes the value on when the condition holds', async () => {
    expect(await output('flow.assert', { condition: true, value: 'v' })).toEqual({ value: 'v' });
    expect(await output('flow.assert', { condition: true })).toEqual({ value: null });
  });

  it('fails the run with the chosen code and message when it does not', async () => {
    const error = await failure('flow.assert', { condition: false }, { code: 'out_of_stock', message: 'Not enough stock.' });
    expect(error).toMatchObject({ code: 'out_of_stock', message: 'Not enough stock.' });
    expect((await failure('flow.assert', { condition: false })).code).toBe('assertion_failed');
  });

  it('hands the failure to a wired error port instead, and the run goes on', async () => {
    const workflow = {
      nodes: [
        { id: 'in', op: 'flow.input' },
        { id: 'check', op: 'flow.assert', config: { code: 'too_small' } },
        { id: 'ok', op: 'flow.output', config: { key: 'ok' } },
        { id: 'failed', op: 'flow.output', config: { key: 'failed' } },
      ],
      edges: [edge('in', 'value', 'check', 'condition'), edge('check', 'value', 'ok', 'value'), edge('check', 'error', 'failed', 'value')],
    };
    const run = await engine.run({ workflow, input: false });
    expect(run.status).toBe('ok');
    expect(run.output).toMatchObject({ failed: { code: 'too_small' } });
  });

  it('takes only a boolean condition, and a code in the shape of codes', async () => {
    for (const condition of ['true', 1, null]) expect((await failure('flow.assert', { condition })).code).toBe('validation_failed');
    expect((await failure('flow.assert', { condition: true }, { code: 'Not A Code' })).code).toBe('validation_failed');
  });
});

describe('hostile input to the flow ops', () => {
  it('gives a value or a node error, never a crash', async () => {
    for (const value of HOSTILE_VALUES) {
      await refusedOrOk('flow.switch', { value }, { path: 'a.b.__proto__.constructor', cases: CASES });
      await refusedOrOk('flow.switch', { value }, { path: String(value).slice(0, 500), cases: [{ name: 'x', to: value }] });
      await refusedOrOk('flow.assert', { condition: false, value }, { message: String(value).slice(0, 1000) || 'm' });
    }
  });
});
