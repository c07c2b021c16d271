import { testServer } from '@pattern/testing/server';
import { afterEach, describe, expect, it } from 'vitest';
import type { PatternServer } from '../src/index.ts';
import { edge, json } from './helpers.ts';

let server: PatternServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function readEvents(url: string): Promise<Array<{ event: string; data: any }>> {
  const response = await fetch(url);
  const text = await response.text();
  return text
    .split('\n\n')
    .filter((block) => block.trim())
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
      const data = /^data: (.*)$/m.exec(block)?.[1] ?? 'null';
      return { event, data: JSON.parse(data) };
    });
}

describe('run events over SSE', () => {
  it('streams node status changes in order, then settled last', async () => {
    server = await testServer();
    const workflow = {
      nodes: [
        { id: 'first', op: 'flow.delay', config: { ms: 100, value: 1 } },
        { id: 'second', op: 'flow.delay', config: { ms: 100 } },
        { id: 'out', op: 'flow.output' },
      ],
      edges: [edge('first', 'value', 'second', 'value'), edge('second', 'value', 'out', 'value')],
    };
    const started = await json(server, '/api/runs', { method: 'POST', body: { workflow, wait: false } });
    const events = await readEvents(`${server.url}/api/runs/${started.body?.id}/events`);
    const nodeEvents = events.filter((e) => e.event === 'node').map((e) => `${e.data.nodeId}:${e.data.status}`);
    expect(nodeEvents).toEqual(['first:running', 'first:ok', 'second:running', 'second:ok', 'out:running', 'out:ok']);
    expect(events.at(-1)?.event).toBe('settled');
    expect(events.at(-1)?.data.run).toMatchObject({ status: 'ok', output: 1 });
    const okEvent = events.find((e) => e.data.nodeId === 'first' && e.data.status === 'ok');
    expect(okEvent?.data.durationMs).toBeGreaterThan(0);
  });

  it('replays a settled run from history', async () => {
    server = await testServer();
    const run = await json(server, '/api/runs', {
      method: 'POST',
      body: { workflow: { nodes: [{ id: 'v', op: 'value.const', config: { value: 1 } }] } },
    });
    const events = await readEvents(`${server.url}/api/runs/${run.body?.id}/events`);
    expect(events.map((e) => e.event)).toEqual(['node', 'settled']);
  });

  it('ends the stream with settled when the run is cancelled', async () => {
    server = await testServer();
    const started = await json(server, '/api/runs', {
      method: 'POST',
      body: { workflow: { nodes: [{ id: 'wait', op: 'flow.delay', config: { ms: 30_000 } }] }, wait: false },
    });
    const eventsPromise = readEvents(`${server.url}/api/runs/${started.body?.id}/events`);
    setTimeout(() => void json(server as PatternServer, `/api/runs/${started.body?.id}/cancel`, { method: 'POST' }), 100);
    const events = await eventsPromise;
    expect(events.at(-1)).toMatchObject({ event: 'settled', data: { run: { status: 'cancelled' } } });
    expect(events.find((e) => e.event === 'node' && e.data.status === 'error')?.data.nodeId).toBe('wait');
  });

  it('answers 404 for an unknown run', async () => {
    server = await testServer();
    expect((await json(server, '/api/runs/NOPE/events')).status).toBe(404);
  });
});
