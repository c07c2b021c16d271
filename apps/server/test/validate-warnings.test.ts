import { type PatternServer, testServer } from '@pattern/testing/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edge } from './helpers.ts';

/** `POST /api/workflows/validate` answers warnings beside problems: what may go wrong in a valid workflow without stopping it. */

const gated = {
  nodes: [
    { id: 'req', op: 'http.request', config: { method: 'GET', path: '/gated' } },
    { id: 'yes', op: 'object.get', config: { path: 'answer' } },
    { id: 'gate', op: 'flow.branch', config: { operator: 'eq', to: 'yes' } },
    { id: 'res', op: 'http.response', config: { body: 'answered' } },
  ],
  edges: [edge('req', 'query', 'yes', 'object'), edge('yes', 'value', 'gate', 'condition'), edge('gate', 'true', 'res', 'status')],
};

let server: PatternServer;
beforeAll(async () => {
  server = await testServer({ seed: false });
});
afterAll(async () => {
  await server.stop();
});

async function validate(document: unknown): Promise<{ status: number; body: { problems: unknown[]; warnings: unknown[] } }> {
  const response = await fetch(`${server.url}/api/workflows/validate`, {
    method: 'POST',
    body: JSON.stringify(document),
    headers: { 'Content-Type': 'application/json' },
  });
  return { status: response.status, body: await response.json() };
}

describe('POST /api/workflows/validate', () => {
  it('returns the warnings of a valid workflow, located like problems, with no problems', async () => {
    const answer = await validate(gated);
    expect(answer.status).toBe(200);
    expect(answer.body.problems).toEqual([]);
    expect(answer.body.warnings).toEqual([
      expect.objectContaining({
        code: 'response_skippable',
        path: 'nodes[3]',
        nodeId: 'res',
        severity: 'warning',
        message: expect.stringContaining('gate.true'),
      }),
    ]);
  });

  it('answers the same warnings a save reports', async () => {
    const saved = await fetch(`${server.url}/api/workflows/gated`, {
      method: 'PUT',
      body: JSON.stringify(gated),
      headers: { 'Content-Type': 'application/json' },
    });
    const entry = (await saved.json()) as { warnings: unknown[] };
    expect((await validate(gated)).body.warnings).toEqual(entry.warnings);
  });

  it('answers problems and no warnings for an invalid workflow, and empty lists for a clean one', async () => {
    const broken = { ...gated, nodes: [...gated.nodes, { id: 'bad', op: 'no.such.op' }] };
    const invalid = await validate(broken);
    expect(invalid.status).toBe(200);
    expect(invalid.body.problems).toEqual([expect.objectContaining({ code: 'unknown_op', path: 'nodes[4].op' })]);
    expect(invalid.body.warnings).toEqual([]);
    const clean = await validate({ nodes: [{ id: 'a', op: 'object.get', config: { path: 'x' } }], edges: [] });
    expect(clean.body).toEqual({ problems: [], warnings: [] });
  });

  it('answers a body that is no workflow with problems, never a 500', async () => {
    for (const body of [null, 42, 'text', [], { nodes: 'x' }]) {
      const answer = await validate(body);
      expect(answer.status, JSON.stringify(body)).toBe(200);
      expect(answer.body.problems.length, JSON.stringify(body)).toBeGreaterThan(0);
      expect(answer.body.warnings).toEqual([]);
    }
  });
});
