import storeMod from '@pattern/mod-store';
import { testServer } from '@pattern/testing/server';
import { afterEach, describe, expect, it } from 'vitest';
import type { PatternServer } from '../src/index.ts';
import { edge, json } from './helpers.ts';

let server: PatternServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

/** Reads an order by the run's input id and outputs its total; the case seeds the order as a fixture. */
const orderTotal = {
  nodes: [
    { id: 'in', op: 'flow.input' },
    { id: 'load', op: 'store.get', config: { collection: 'orders' } },
    { id: 'total', op: 'object.get', config: { path: 'data.total' } },
    { id: 'save', op: 'store.put', config: { collection: 'audit', data: { seen: true } } },
    { id: 'out', op: 'flow.output' },
  ],
  edges: [edge('in', 'value', 'load', 'id'), edge('load', 'doc', 'total', 'object'), edge('total', 'value', 'out', 'value')],
  tests: [
    { name: 'reads the seeded order', input: 'o-1', fixtures: { store: { orders: [{ id: 'o-1', data: { total: 42 } }] } }, expect: { output: 42 } },
    { name: 'no such order', input: 'o-2', expect: { output: 42 } },
  ],
};

describe('POST /api/workflows/:id/tests/run', () => {
  it("runs the saved workflow's cases on fixtures of their own, never on the server's data", async () => {
    server = await testServer({ mods: [storeMod] });
    expect((await json(server, '/api/workflows/order-total', { method: 'PUT', body: orderTotal })).status).toBe(201);

    const all = await json(server, '/api/workflows/order-total/tests/run', { method: 'POST' });
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ workflowId: 'order-total', passed: 1, failed: 1 });
    expect(all.body?.cases.map((c: { name: string; ok: boolean }) => [c.name, c.ok])).toEqual([
      ['reads the seeded order', true],
      ['no such order', false],
    ]);
    expect(all.body?.cases[1].mismatches[0]).toMatchObject({ path: 'output', expected: 42 });
    expect(all.body?.cases[0].run.nodes.load.status).toBe('ok');

    const store = server.engine.services.get('store') as { get(collection: string, id: string): Promise<unknown> };
    expect(await store.get('orders', 'o-1')).toBeUndefined();
    const audit = await server.engine.invoke('store.query', { collection: 'audit' }).done;
    expect(audit.output).toMatchObject({ docs: [] });

    const one = await json(server, '/api/workflows/order-total/tests/run', { method: 'POST', body: { names: ['reads the seeded order'] } });
    expect(one.body).toMatchObject({ passed: 1, failed: 0, cases: [{ name: 'reads the seeded order' }] });
  });

  it('answers 404 for a workflow or case that does not exist, and 400 naming the field for a bad body', async () => {
    server = await testServer({ mods: [storeMod] });
    await json(server, '/api/workflows/order-total', { method: 'PUT', body: orderTotal });
    expect((await json(server, '/api/workflows/nope/tests/run', { method: 'POST' })).status).toBe(404);
    const missing = await json(server, '/api/workflows/order-total/tests/run', { method: 'POST', body: { names: ['typo'] } });
    expect(missing.status).toBe(404);
    expect(missing.body?.error).toMatchObject({ code: 'not_found', details: { names: ['typo'] } });
    const bad = await json(server, '/api/workflows/order-total/tests/run', { method: 'POST', body: { names: 'all' } });
    expect(bad.status).toBe(400);
    expect(bad.body?.error.details.problems[0].path).toBe('names');
  });

  it('refuses to save a document whose test cases are malformed, locating the problem', async () => {
    server = await testServer({ mods: [storeMod] });
    const broken = { ...orderTotal, tests: [{ name: 'x', mocks: { load: { outputs: 1 } } }] };
    const saved = await json(server, '/api/workflows/order-total', { method: 'PUT', body: broken });
    expect(saved.status).toBe(422);
    expect(JSON.stringify(saved.body?.error.details.problems)).toContain('tests[0].mocks.load');
  });
});
