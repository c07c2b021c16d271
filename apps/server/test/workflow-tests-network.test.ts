import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEngine, defineMod, defineOp, runWorkflowTests } from '@pattern/core';
import httpMod from '@pattern/mod-http';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { edge } from './helpers.ts';

let target: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (target ? target.close(() => resolve()) : resolve())));

/** A loopback server that counts what reaches it; allowed to http.fetch, so a real run does reach it. */
async function counting(): Promise<{ url: string; hits: () => number }> {
  let hits = 0;
  target = createServer((_req, res) => {
    hits++;
    res.setHeader('content-type', 'application/json');
    res.end('{"rate":1.08}');
  });
  await new Promise<void>((resolve) => target?.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(target.address() as AddressInfo).port}/rates`, hits: () => hits };
}

/** An op of a user's mod that calls the http service itself, not through the http.fetch op. */
const direct = defineMod({
  name: 'direct',
  version: '1.0.0',
  ops: [
    defineOp({
      name: 'direct.get',
      description: 'Fetches through the http service.',
      inputs: { url: { schema: z.string(), description: 'Where.' } },
      outputs: { status: { schema: z.number(), description: 'The status.' } },
      run: async (inputs, ctx) => {
        const service = ctx.services.get<{ fetch(input: { url: string }, signal: AbortSignal): Promise<{ status: number }> }>('http');
        return { status: (await service.fetch({ url: inputs.url }, ctx.signal)).status };
      },
    }),
  ],
});

describe('test cases and the network', () => {
  it('never reach it: an unmocked http.fetch fails with unmocked_fetch, as does a mod that calls the http service', async () => {
    const server = await counting();
    const modOptions = { http: { allowHosts: ['127.0.0.1'] } };
    const workflow = {
      id: 'rates',
      nodes: [
        { id: 'fetch', op: 'http.fetch', config: { url: server.url } },
        { id: 'direct', op: 'direct.get', config: { url: server.url } },
        { id: 'out', op: 'flow.output', config: { key: 'body' } },
        { id: 'status', op: 'flow.output', config: { key: 'status' } },
      ],
      edges: [edge('fetch', 'body', 'out', 'value'), edge('direct', 'status', 'status', 'value')],
      tests: [
        { name: 'unmocked fetch', mocks: { direct: { outputs: { status: 200 } } }, expect: { output: { body: { rate: 1.08 } } } },
        { name: 'direct service call', mocks: { fetch: { outputs: { body: { rate: 2 } } } }, expect: { output: { status: 200 } } },
        {
          name: 'all mocked',
          mocks: { fetch: { outputs: { body: { rate: 2 } } }, direct: { outputs: { status: 201 } } },
          expect: { output: { body: { rate: 2 }, status: 201 } },
        },
      ],
    };

    // Outside a test, the same workflow does reach the server: the check below is not vacuous.
    const engine = createEngine({ mods: [httpMod, direct], modOptions });
    await engine.start();
    const real = await engine.run({ workflow });
    await engine.stop();
    expect(real.status, JSON.stringify(real.error)).toBe('ok');
    expect(server.hits()).toBe(2);

    const report = await runWorkflowTests(workflow, { mods: [httpMod, direct], modOptions });
    expect(report.cases.map((c) => [c.name, c.ok, c.run?.error?.code, c.run?.error?.nodeId])).toEqual([
      ['unmocked fetch', false, 'unmocked_fetch', 'fetch'],
      ['direct service call', false, 'unmocked_fetch', 'direct'],
      ['all mocked', true, undefined, undefined],
    ]);
    expect(server.hits()).toBe(2);
  });
});
