import { afterEach, describe, expect, it } from 'vitest';
import { defineMod, defineOp, type Engine } from '../src/index.ts';
import { edge, startedEngine } from './helpers.ts';

let engine: Engine;
afterEach(async () => {
  await engine?.stop();
});

const respondWith = (config: Record<string, unknown>) => ({
  nodes: [
    { id: 'req', op: 'http.request', config: { method: 'GET', path: '/answer' } },
    { id: 'res', op: 'http.response', config: { body: 'ok', ...config } },
  ],
  edges: [],
});

/** A graph that hands `headers` and `status` to http.response from the run input, so nothing is constant. */
const wired = {
  nodes: [
    { id: 'in', op: 'flow.input' },
    { id: 'headers', op: 'object.get', config: { path: 'headers' } },
    { id: 'status', op: 'object.get', config: { path: 'status' } },
    { id: 'res', op: 'http.response', config: { body: 'ok' } },
  ],
  edges: [
    edge('in', 'value', 'headers', 'object'),
    edge('in', 'value', 'status', 'object'),
    edge('headers', 'value', 'res', 'headers'),
    edge('status', 'value', 'res', 'status'),
  ],
};

describe('http.response', () => {
  it('refuses constant headers with CR, LF, NUL or a name that is not a token, located at the header', async () => {
    engine = await startedEngine();
    for (const [headers, path] of [
      [{ 'x-a': 'a\r\nSet-Cookie: s=1' }, 'nodes[1].config.headers.x-a'],
      [{ 'x-b': 'a\nb' }, 'nodes[1].config.headers.x-b'],
      [{ 'x-c': 'a\u0000b' }, 'nodes[1].config.headers.x-c'],
      [{ 'x d': 'b' }, 'nodes[1].config.headers.x d'],
      [{ 'x:e': 'b' }, 'nodes[1].config.headers.x:e'],
      // An empty name is an empty last segment.
      [{ '': 'b' }, 'nodes[1].config.headers.'],
    ] as const) {
      const problems = engine.validate(respondWith({ headers }));
      expect(problems, path).toEqual([expect.objectContaining({ code: 'config_invalid', path, nodeId: 'res', port: 'headers' })]);
    }
    expect(engine.validate(respondWith({ headers: { 'x-ok': 'tab\tand latin-1 ü', 'Cache-Control': 'no-store' } }))).toEqual([]);
  });

  it('refuses a constant status outside 200 to 599', async () => {
    engine = await startedEngine();
    for (const status of [100, 101, 199, 600]) {
      expect(engine.validate(respondWith({ status })), String(status)).toEqual([
        expect.objectContaining({ code: 'config_invalid', path: 'nodes[1].config.status', port: 'status' }),
      ]);
    }
    for (const status of [200, 204, 599]) expect(engine.validate(respondWith({ status }))).toEqual([]);
  });

  it('fails the node when wired headers or status could not be sent', async () => {
    engine = await startedEngine();
    for (const input of [
      { headers: { 'x-a': 'a\r\nb' }, status: 200 },
      { headers: { 'bad name': 'b' }, status: 200 },
      { headers: {}, status: 101 },
    ]) {
      const run = await engine.run({ workflow: wired, input });
      expect(run.status, JSON.stringify(input)).toBe('error');
      expect(run.error).toMatchObject({ code: 'invalid_input', nodeId: 'res' });
    }
    const fine = await engine.run({ workflow: wired, input: { headers: { 'x-a': 'b' }, status: 201 } });
    expect(fine.status).toBe('ok');
  });

  it('refuses what an op hands to ctx.respond directly when the server could not send it', async () => {
    const raw = defineOp({
      name: 'raw.respond',
      description: 'Responds with whatever it is given.',
      inputs: { response: { description: 'The response.' } },
      run: (inputs, ctx) => {
        ctx.respond(inputs.response as never);
        return {};
      },
    });
    engine = await startedEngine({ mods: [defineMod({ name: 'raw', version: '1.0.0', ops: [raw] })] });
    for (const [response, field] of [
      [{ status: 200, headers: { 'x-a': 'a\rb' }, body: null }, 'headers.x-a'],
      [{ status: 101, headers: {}, body: null }, 'status'],
    ] as const) {
      const run = await engine.invoke('raw.respond', { response }).done;
      expect(run.error).toMatchObject({ code: 'invalid_response', details: { field } });
    }
  });
});
