import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import httpMod from '@pattern/mod-http';
import { testServer } from '@pattern/testing/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edge } from './helpers.ts';
import { KeptSpans } from './kept-spans.ts';

/** A loopback server that keeps the headers of every request it gets. */
let recorder: Server;
let recorderUrl: string;
const received: IncomingHttpHeaders[] = [];
beforeAll(async () => {
  recorder = createServer((req, res) => {
    received.push(req.headers);
    res.setHeader('content-type', 'application/json');
    res.end('{"seen":true}');
  });
  await new Promise<void>((resolve) => recorder.listen(0, '127.0.0.1', resolve));
  recorderUrl = `http://127.0.0.1:${(recorder.address() as AddressInfo).port}/seen`;
});
afterAll(() => new Promise<void>((resolve) => recorder.close(() => resolve())));

/** A route workflow that fetches `url` in node `fetch` and answers with what came back. */
const fetchingRoute = (id: string, path: string, url: string, headers?: Record<string, string>) => ({
  id,
  nodes: [
    { id: 'req', op: 'http.request', config: { method: 'GET', path } },
    { id: 'fetch', op: 'http.fetch', config: { url, ...(headers ? { headers } : {}) } },
    { id: 'res', op: 'http.response' },
  ],
  edges: [edge('req', 'headers', 'fetch', 'after'), edge('fetch', 'body', 'res', 'body')],
});

const traced = async () => {
  const exporter = new KeptSpans();
  const server = await testServer({ mods: [httpMod], modOptions: { http: { allowHosts: ['127.0.0.1'] } }, spanExporter: exporter, seed: false });
  return { server, exporter };
};

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const parse = (header: unknown) => {
  const match = TRACEPARENT.exec(String(header));
  expect(match, `traceparent "${String(header)}"`).not.toBeNull();
  return { traceId: match?.[1], parentId: match?.[2], flags: match?.[3] };
};
const byName = (spans: ReadableSpan[], name: string) => spans.filter((s) => s.name === name);

describe('http.fetch carries the trace', () => {
  it('names the fetch node’s span in traceparent, in the run’s trace or the caller’s', async () => {
    const { server, exporter } = await traced();
    await server.engine.workflows.save('a', fetchingRoute('a', '/a', recorderUrl));
    received.length = 0;
    const callerTrace = '4bf92f3577b34da6a3ce929d0e0e4736';
    expect((await fetch(`${server.url}/a`, { headers: { traceparent: `00-${callerTrace}-00f067aa0ba902b7-01`, tracestate: 'k=v' } })).status).toBe(
      200,
    );
    expect((await fetch(`${server.url}/a`)).status).toBe(200);
    await server.stop();

    const [continued, fresh] = received.map((headers) => parse(headers.traceparent));
    expect(received[0]?.tracestate).toBe('k=v');
    const runs = byName(exporter.getFinishedSpans(), 'run a');
    const fetches = byName(exporter.getFinishedSpans(), 'http.fetch fetch');
    expect(runs).toHaveLength(2);
    for (const [header, withCaller] of [
      [continued, true],
      [fresh, false],
    ] as const) {
      const node = fetches.find((s) => s.spanContext().spanId === header?.parentId) as ReadableSpan;
      expect(node, 'the header names a fetch node span').toBeDefined();
      const run = runs.find((s) => s.spanContext().spanId === node.parentSpanContext?.spanId) as ReadableSpan;
      expect(header?.traceId).toBe(run.spanContext().traceId);
      expect(node.spanContext().traceId).toBe(run.spanContext().traceId);
      expect(header?.flags).toBe('01');
      if (withCaller) expect(header?.traceId).toBe(callerTrace);
      else expect(run.parentSpanContext).toBeUndefined();
    }
    expect(continued?.traceId).not.toBe(fresh?.traceId);
  });

  it('continues the trace into a workflow route it calls: the callee’s run is a child of the fetch node', async () => {
    const { server, exporter } = await traced();
    await server.engine.workflows.save('callee', {
      id: 'callee',
      nodes: [
        { id: 'req', op: 'http.request', config: { method: 'GET', path: '/callee/:who' } },
        { id: 'res', op: 'http.response' },
      ],
      edges: [edge('req', 'params', 'res', 'body')],
    });
    await server.engine.workflows.save('caller', fetchingRoute('caller', '/caller', `${server.url.replace('localhost', '127.0.0.1')}/callee/caller`));
    const answer = await fetch(`${server.url}/caller`);
    expect(answer.status).toBe(200);
    await server.stop();

    const spans = exporter.getFinishedSpans();
    const [caller] = byName(spans, 'run caller');
    const [node] = byName(spans, 'http.fetch fetch');
    const [callee] = byName(spans, 'run callee');
    expect(callee?.parentSpanContext?.spanId).toBe(node?.spanContext().spanId);
    expect(callee?.spanContext().traceId).toBe(caller?.spanContext().traceId);
  });

  it('names the node of a child run, in its top-level run’s trace', async () => {
    const { server, exporter } = await traced();
    await server.engine.workflows.save('inner', {
      id: 'inner',
      nodes: [
        { id: 'fetch', op: 'http.fetch', config: { url: recorderUrl } },
        { id: 'out', op: 'flow.output' },
      ],
      edges: [edge('fetch', 'status', 'out', 'value')],
    });
    received.length = 0;
    const outer = await server.engine.startRun({
      workflow: { id: 'outer', nodes: [{ id: 'call', op: 'workflow.call', config: { workflow: 'inner' } }], edges: [] },
    }).done;
    expect(outer.status).toBe('ok');
    await server.stop();

    const header = parse(received[0]?.traceparent);
    const spans = exporter.getFinishedSpans();
    expect(header.traceId).toBe(byName(spans, 'run outer')[0]?.spanContext().traceId);
    expect(header.parentId).toBe(byName(spans, 'http.fetch fetch')[0]?.spanContext().spanId);
  });

  it('keeps a traceparent the workflow sets itself', async () => {
    const { server } = await traced();
    const own = '00-11111111111111111111111111111111-2222222222222222-01';
    await server.engine.workflows.save('own', fetchingRoute('own', '/own', recorderUrl, { TraceParent: own }));
    received.length = 0;
    expect((await fetch(`${server.url}/own`)).status).toBe(200);
    await server.stop();
    expect(received[0]?.traceparent).toBe(own);
  });

  it('sends no trace header when runs are not traced', async () => {
    const server = await testServer({ mods: [httpMod], modOptions: { http: { allowHosts: ['127.0.0.1'] } }, seed: false });
    await server.engine.workflows.save('plain', fetchingRoute('plain', '/plain', recorderUrl));
    received.length = 0;
    expect((await fetch(`${server.url}/plain`)).status).toBe(200);
    await server.stop();
    expect(received).toHaveLength(1);
    expect(received[0]?.traceparent).toBeUndefined();
    expect(received[0]?.tracestate).toBeUndefined();
  });
});
