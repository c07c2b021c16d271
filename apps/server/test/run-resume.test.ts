import { defineMod, defineOp, PatternError } from '@pattern/core';
import { tempDir } from '@pattern/testing';
import { testServer } from '@pattern/testing/server';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { PatternServer } from '../src/index.ts';
import { edge, json } from './helpers.ts';

/** `test.count` counts its runs; `test.gate` fails while `state.open` is false. */
function probeMod() {
  const state = { counted: 0, open: false };
  const count = defineOp({
    name: 'test.count',
    description: 'Counts how often it ran.',
    inputs: { value: { description: 'Passed on.' } },
    outputs: { value: { description: 'The value.' }, count: { schema: z.number(), description: 'Runs so far.' } },
    run: ({ value }) => {
      state.counted++;
      return { value, count: state.counted };
    },
  });
  const gate = defineOp({
    name: 'test.gate',
    description: 'Fails until opened.',
    inputs: { value: { description: 'Passed on.' } },
    outputs: { value: { description: 'The value.' } },
    run: ({ value }) => {
      if (!state.open) throw new PatternError('unavailable', 'the gate is shut');
      return { value };
    },
  });
  return { state, mod: defineMod({ name: 'test', version: '1.0.0', ops: [count, gate] }) };
}

const pipeline = {
  id: 'pipeline',
  nodes: [
    { id: 'in', op: 'flow.input' },
    { id: 'count', op: 'test.count' },
    { id: 'gate', op: 'test.gate' },
    { id: 'out', op: 'flow.output' },
  ],
  edges: [edge('in', 'value', 'count', 'value'), edge('count', 'value', 'gate', 'value'), edge('gate', 'value', 'out', 'value')],
};

let server: PatternServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe('POST /api/runs/:id/resume', () => {
  it('runs the failed node and what follows it again, reusing what ran upstream: the counter runs once in all', async () => {
    const probe = probeMod();
    server = await testServer({ dataDir: tempDir(), mods: [probe.mod] });
    expect((await json(server, '/api/workflows/pipeline', { method: 'PUT', body: pipeline })).status).toBe(201);
    const failed = await json(server, '/api/runs', { method: 'POST', body: { workflowId: 'pipeline', input: 'parcel' } });
    expect(failed.body).toMatchObject({ status: 'error', error: { nodeId: 'gate' } });
    probe.state.open = true;

    const resumed = await json(server, `/api/runs/${failed.body?.id}/resume`, { method: 'POST', body: {} });
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({
      status: 'ok',
      output: 'parcel',
      workflowId: 'pipeline',
      trigger: {
        kind: 'resume',
        detail: failed.body?.id,
        resume: { runId: failed.body?.id, from: 'gate', reused: expect.arrayContaining(['in', 'count']) },
      },
    });
    expect(resumed.body?.nodes.count).toMatchObject({ status: 'ok', outputs: { value: 'parcel', count: 1 } });
    expect(probe.state.counted).toBe(1);

    // From a node chosen: the counter itself runs again, its upstream is reused.
    const again = await json(server, `/api/runs/${failed.body?.id}/resume`, { method: 'POST', body: { from: 'count' } });
    expect(again.body).toMatchObject({ status: 'ok', trigger: { resume: { from: 'count', reused: ['in'] } } });
    expect(probe.state.counted).toBe(2);
  });

  it('with useLatest runs the saved version, and refuses when the reused nodes no longer fit it', async () => {
    const probe = probeMod();
    server = await testServer({ dataDir: tempDir(), mods: [probe.mod] });
    await json(server, '/api/workflows/pipeline', { method: 'PUT', body: pipeline });
    const failed = await json(server, '/api/runs', { method: 'POST', body: { workflowId: 'pipeline', input: 1 } });
    const changed = {
      ...pipeline,
      nodes: pipeline.nodes.map((n) => (n.id === 'count' ? { ...n, op: 'test.gate' } : n)),
      edges: [edge('in', 'value', 'count', 'value'), edge('count', 'value', 'gate', 'value'), edge('gate', 'value', 'out', 'value')],
    };
    const saved = await json(server, '/api/workflows/pipeline', { method: 'PUT', body: changed });
    expect(saved.status).toBe(200);
    const refused = await json(server, `/api/runs/${failed.body?.id}/resume`, { method: 'POST', body: { useLatest: true } });
    expect(refused.status).toBe(409);
    expect(refused.body?.error).toMatchObject({ code: 'not_resumable', details: { reason: 'changed', problems: [{ path: 'nodes[1]' }] } });
    expect(probe.state.counted).toBe(1);
  });

  it('refuses runs whose history kept only a summary, unknown nodes and unknown runs', async () => {
    const probe = probeMod();
    server = await testServer({ dataDir: tempDir(), mods: [probe.mod] });
    await json(server, '/api/workflows/pipeline', { method: 'PUT', body: { ...pipeline, history: 'none' } });
    const failed = await json(server, '/api/runs', { method: 'POST', body: { workflowId: 'pipeline', input: 1 } });
    await server.engine.runs.flush();
    const summary = await json(server, `/api/runs/${failed.body?.id}/resume`, { method: 'POST', body: {} });
    expect(summary.status).toBe(409);
    expect(summary.body?.error).toMatchObject({ code: 'not_resumable', details: { reason: 'traces_dropped' } });

    await json(server, '/api/workflows/pipeline', { method: 'PUT', body: pipeline });
    const kept = await json(server, '/api/runs', { method: 'POST', body: { workflowId: 'pipeline', input: 1 } });
    const unknown = await json(server, `/api/runs/${kept.body?.id}/resume`, { method: 'POST', body: { from: 'nowhere' } });
    expect(unknown.status).toBe(409);
    expect(unknown.body?.error).toMatchObject({ code: 'not_resumable', details: { field: 'from' } });
    const bad = await json(server, `/api/runs/${kept.body?.id}/resume`, { method: 'POST', body: { from: 3 } });
    expect(bad.status).toBe(400);
    expect((await json(server, '/api/runs/nope/resume', { method: 'POST', body: {} })).status).toBe(404);
  });
});
