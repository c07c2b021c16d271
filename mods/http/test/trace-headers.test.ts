import type { IncomingHttpHeaders } from 'node:http';
import { createEngine, defineMod } from '@pattern/core';
import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import type { TracingService } from '../src/fetch/trace-headers.ts';
import { httpMod } from '../src/index.ts';
import { localServer } from './helpers.ts';

const seen: IncomingHttpHeaders[] = [];
const app = new Hono();
app.get('/seen', (c) => {
  seen.push(Object.fromEntries(c.req.raw.headers));
  return c.json({ ok: true });
});
const { origin } = await localServer(app);

/** A stand-in for the server's tracing: it names the node it was asked about. */
const asked: Array<[string, string]> = [];
const tracing: TracingService = {
  headersFor(runId, nodeId) {
    asked.push([runId, nodeId]);
    return { traceparent: `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01`, tracestate: 'k=v' };
  },
};
const tracedMod = defineMod({ name: 'traced', version: '1.0.0', services: { tracing: { setup: () => tracing } } });

const traced = createEngine({ mods: [httpMod, tracedMod], modOptions: { http: { allowHosts: ['127.0.0.1'] } } });
const untraced = createEngine({ mods: [httpMod], modOptions: { http: { allowHosts: ['127.0.0.1'] } } });
await traced.start();
await untraced.start();
afterAll(async () => {
  await traced.stop();
  await untraced.stop();
});

const fetchNode = (headers?: Record<string, string>) => ({
  nodes: [{ id: 'call', op: 'http.fetch', config: { url: `${origin}/seen`, ...(headers ? { headers } : {}) } }],
  edges: [],
});

describe('http.fetch and the tracing service', () => {
  it('sends the headers the tracing service gives for its node, and keeps them out of the run’s inputs', async () => {
    seen.length = 0;
    const run = await traced.startRun({ workflow: fetchNode() }).done;
    expect(run.status).toBe('ok');
    expect(asked.at(-1)).toEqual([run.id, 'call']);
    expect(seen[0]).toMatchObject({ traceparent: `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01`, tracestate: 'k=v' });
    expect(JSON.stringify(run.nodes.call?.inputs ?? {})).not.toContain('traceparent');
  });

  it('lets a traceparent the workflow sets win', async () => {
    seen.length = 0;
    const own = `00-${'1'.repeat(32)}-${'2'.repeat(16)}-00`;
    await traced.startRun({ workflow: fetchNode({ TraceParent: own }) }).done;
    expect(seen[0]?.traceparent).toBe(own);
  });

  it('sends none without the service', async () => {
    seen.length = 0;
    expect((await untraced.startRun({ workflow: fetchNode() }).done).status).toBe('ok');
    expect(seen[0]?.traceparent).toBeUndefined();
  });
});
