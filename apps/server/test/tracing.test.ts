import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { defineMod, defineOp } from '@pattern/core';
import { testServer } from '@pattern/testing/server';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { resolveSettings, SettingsError } from '../src/settings.ts';
import { edge, json } from './helpers.ts';
import { KeptSpans } from './kept-spans.ts';

/** An op that makes two calls of other ops inside its node, so the trace has `ctx.call` spans. */
const tracedMod = defineMod({
  name: 'traced',
  version: '1.0.0',
  ops: [
    defineOp({
      name: 'traced.shout',
      description: 'Upper-cases a text through two calls of string ops.',
      inputs: { text: { schema: z.string(), description: 'What to shout.' } },
      outputs: { text: { description: 'The text, shouted.' } },
      examples: [],
      async run({ text }, ctx) {
        const { text: upper } = await ctx.call('string.upper', { text });
        const { text: out } = await ctx.call('string.template', { template: '{{ t }}!', data: { t: upper } });
        return { text: out };
      },
    }),
  ],
});

const SECRET_INPUT = 'do-not-export-this-value';

const route = {
  id: 'shout',
  nodes: [
    { id: 'req', op: 'http.request', config: { method: 'GET', path: '/shout/:text' } },
    { id: 'pick', op: 'object.get', config: { path: 'text' } },
    { id: 'loud', op: 'traced.shout' },
    { id: 'res', op: 'http.response' },
  ],
  edges: [edge('req', 'params', 'pick', 'object'), edge('pick', 'value', 'loud', 'text'), edge('loud', 'text', 'res', 'body')],
};

const byName = (spans: ReadableSpan[], name: string) => spans.find((s) => s.name === name) as ReadableSpan;
const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

describe('run traces', () => {
  it('exports a run as a span tree (run → nodes → calls), timed as it ran, continuing the caller’s traceparent', async () => {
    const exporter = new KeptSpans();
    const server = await testServer({ mods: [tracedMod], spanExporter: exporter, seed: false });
    await server.engine.workflows.save('shout', route);
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const callerSpan = '00f067aa0ba902b7';
    const res = await fetch(`${server.url}/shout/${SECRET_INPUT}`, { headers: { traceparent: `00-${traceId}-${callerSpan}-01` } });
    expect(await res.text()).toContain(SECRET_INPUT.toUpperCase());
    const failed = await json(server, '/api/runs', {
      method: 'POST',
      body: { workflow: { nodes: [{ id: 'bad', op: 'json.parse', config: { text: '{' } }], edges: [] } },
    });
    expect(failed.body?.status).toBe('error');
    await server.stop();

    const spans = exporter.getFinishedSpans();
    const run = byName(spans, 'run shout');
    expect(run.spanContext().traceId).toBe(traceId);
    expect(parentOf(run)).toBe(callerSpan);
    expect(run.kind).toBe(SpanKind.SERVER);
    expect(run.attributes).toMatchObject({ 'pattern.workflow.id': 'shout', 'pattern.run.status': 'ok', 'pattern.trigger.kind': 'http' });

    const nodes = spans.filter((s) => parentOf(s) === run.spanContext().spanId);
    expect(nodes.map((s) => s.attributes['pattern.node.id']).sort()).toEqual(['loud', 'pick', 'req', 'res']);
    const loud = byName(spans, 'traced.shout loud');
    expect(loud.attributes).toMatchObject({ 'pattern.op': 'traced.shout', 'pattern.node.status': 'ok' });
    const calls = spans.filter((s) => parentOf(s) === loud.spanContext().spanId);
    expect(calls.map((s) => s.name)).toEqual(['call string.upper', 'call string.template']);
    for (const call of calls) expect(call.spanContext().traceId).toBe(traceId);

    // Children sit inside their parents' time.
    const time = (t: [number, number]) => t[0] * 1e3 + t[1] / 1e6;
    for (const child of [...nodes, ...calls]) {
      const parent = spans.find((s) => s.spanContext().spanId === parentOf(child)) as ReadableSpan;
      expect(time(child.startTime)).toBeGreaterThanOrEqual(time(parent.startTime) - 1);
      expect(time(child.endTime)).toBeLessThanOrEqual(time(parent.endTime) + 1);
    }

    const inline = byName(spans, 'run inline');
    expect(inline.spanContext().traceId).not.toBe(traceId);
    expect(parentOf(inline)).toBeUndefined();
    expect(inline.status.code).toBe(SpanStatusCode.ERROR);
    expect(byName(spans, 'json.parse bad').attributes['pattern.error.code']).toEqual(expect.any(String));

    // Values never leave in a span.
    expect(JSON.stringify(spans.map((s) => [s.name, s.attributes, s.events]))).not.toContain(SECRET_INPUT);
  });

  it('nests a child run under the node that started it', async () => {
    const exporter = new KeptSpans();
    const server = await testServer({ spanExporter: exporter, seed: false });
    await server.engine.workflows.save('inner', {
      nodes: [
        { id: 'in', op: 'flow.input' },
        { id: 'out', op: 'flow.output' },
      ],
      edges: [edge('in', 'value', 'out', 'value')],
    });
    const outer = await json(server, '/api/runs', {
      method: 'POST',
      body: {
        workflow: {
          id: 'outer',
          nodes: [
            { id: 'call', op: 'workflow.call', config: { workflow: 'inner', input: 1 } },
            { id: 'out', op: 'flow.output' },
          ],
          edges: [edge('call', 'output', 'out', 'value')],
        },
      },
    });
    expect(outer.body?.status).toBe('ok');
    await server.stop();
    const spans = exporter.getFinishedSpans();
    const callNode = byName(spans, 'workflow.call call');
    const inner = byName(spans, 'run inner');
    expect(parentOf(inner)).toBe(callNode.spanContext().spanId);
    expect(inner.spanContext().traceId).toBe(byName(spans, 'run outer').spanContext().traceId);
  });

  it('is off without OTEL_EXPORTER_OTLP_ENDPOINT, and refuses one that is not a URL', () => {
    expect(resolveSettings({}, {}, '/').otlpEndpoint).toBeUndefined();
    expect(resolveSettings({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, '/').otlpEndpoint).toBe('http://collector:4318');
    expect(() => resolveSettings({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, '/')).toThrow(SettingsError);
  });
});
