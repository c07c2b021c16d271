import docsMod from '@pattern/mod-docs';
import eventStoreMod from '@pattern/mod-event-store';
import storeMod from '@pattern/mod-store';
import { testServer } from '@pattern/testing/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PatternServer } from '../src/index.ts';
import { edge } from './helpers.ts';

const DEFAULT_MODS = [storeMod, eventStoreMod, docsMod];

const deepArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

/** Every answer any test here got, so the last test can check that none was a fault of the server. */
const answers: Array<{ what: string; status: number }> = [];

async function send(server: PatternServer, method: string, path: string, body?: string, type = 'application/json') {
  const response = await fetch(`${server.url}${path}`, { method, headers: { 'content-type': type }, ...(body !== undefined ? { body } : {}) });
  const text = await response.text();
  answers.push({ what: `${method} ${path.slice(0, 80)}`, status: response.status });
  let parsed: any = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { status: response.status, headers: response.headers, text, body: parsed };
}

const invoke = (server: PatternServer, op: string, inputs: string) => send(server, 'POST', `/api/ops/${op}/invoke`, `{"inputs":${inputs}}`);
const saveWorkflow = (server: PatternServer, id: string, document: unknown) => send(server, 'PUT', `/api/workflows/${id}`, JSON.stringify(document));

/** A route that parses its body as JSON and hands it to `op` (as `port`), answering with the error the graph met, if any. */
function parseInto(path: string, op: string, port: string, config: Record<string, unknown>) {
  return {
    nodes: [
      { id: 'req', op: 'http.request', config: { method: 'POST', path } },
      { id: 'parse', op: 'json.parse' },
      { id: 'use', op, config },
      { id: 'parseFailed', op: 'flow.output', config: { key: 'parse' } },
      { id: 'useFailed', op: 'flow.output', config: { key: 'use' } },
    ],
    edges: [
      edge('req', 'body', 'parse', 'text'),
      edge('parse', 'value', 'use', port),
      edge('parse', 'error', 'parseFailed', 'value'),
      edge('use', 'error', 'useFailed', 'value'),
    ],
  };
}

let server: PatternServer;
beforeAll(async () => {
  server = await testServer({ mods: DEFAULT_MODS });
});
afterAll(async () => {
  await server.stop();
});

describe('values that cannot hurt the server', () => {
  it('a template of "{{" and spaces with no closing braces answers, as text', async () => {
    const template = `{{${' '.repeat(512 * 1024)}`;
    const res = await invoke(server, 'string.template', JSON.stringify({ template, data: {} }));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', output: { text: template } });
  });

  it('json.parse of text 100,000 levels deep is a too_deep node error, over the API and on a route', async () => {
    const res = await invoke(server, 'json.parse', JSON.stringify({ text: deepArray(100_000) }));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'error', error: { code: 'too_deep', details: { field: 'text' } } });

    expect((await saveWorkflow(server, 'hostile.parse-put', parseInto('/hostile/put', 'store.put', 'data', { collection: 'hostile' }))).status).toBe(
      201,
    );
    const routed = await send(server, 'POST', '/hostile/put', deepObject(20_000), 'text/plain');
    expect(routed.status).toBe(200);
    expect(routed.body).toMatchObject({ parse: { code: 'too_deep', details: { field: 'text' } } });
  });

  it('object.set with a path 5,000 segments long is a too_deep node error', async () => {
    const res = await invoke(server, 'object.set', JSON.stringify({ path: Array(5000).fill('a').join('.'), value: 1 }));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'error', error: { code: 'too_deep', details: { field: 'path' } } });
  });

  it('the store refuses data nested deeper than 64 levels with a 400 naming the field, over HTTP and in a run', async () => {
    const res = await send(server, 'PUT', '/api/store/collections/hostile/docs/deep', deepObject(100));
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: 'too_deep', message: expect.stringContaining('data'), details: { field: 'data', maxDepth: 64 } } });
    expect((await send(server, 'PUT', '/api/store/collections/hostile/docs/fits', deepObject(63))).status).toBe(200);

    const routed = await send(server, 'POST', '/hostile/put', deepObject(100), 'text/plain');
    expect(routed.body).toMatchObject({ use: { code: 'too_deep', details: { field: 'data', maxDepth: 64 } } });
  });

  it('the event store refuses payloads nested deeper than 64 levels, naming the event and field', async () => {
    const events = `[{"type":"Noted","payload":${deepObject(100)}}]`;
    const res = await invoke(server, 'events.append', `{"aggregateType":"Note","aggregateId":"deep","events":${events}}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'error', error: { code: 'too_deep', details: { field: 'events.0.payload', maxDepth: 64 } } });
    const stream = await send(server, 'GET', '/api/events/streams/Note/deep');
    expect(stream.body?.events ?? []).toEqual([]);
  });

  it('response headers with CR, LF or NUL, or a name that is not a token, are refused where they are constant', async () => {
    const responding = (config: Record<string, unknown>) => ({
      nodes: [
        { id: 'req', op: 'http.request', config: { method: 'GET', path: '/hostile/constant' } },
        { id: 'res', op: 'http.response', config: { body: 'hi', ...config } },
      ],
      edges: [],
    });
    for (const [config, path] of [
      [{ headers: { 'x-a': 'a\r\nSet-Cookie: s=1' } }, 'nodes[1].config.headers.x-a'],
      [{ headers: { 'x-a': 'a\u0000' } }, 'nodes[1].config.headers.x-a'],
      [{ headers: { 'x a': 'b' } }, 'nodes[1].config.headers.x a'],
      [{ status: 101 }, 'nodes[1].config.status'],
    ] as const) {
      const res = await saveWorkflow(server, 'hostile.constant', responding(config));
      expect(res.body.valid, path).toBe(false);
      expect(res.body.problems).toEqual([expect.objectContaining({ code: 'config_invalid', path })]);
    }
    expect((await send(server, 'GET', '/hostile/constant')).status).toBe(404);
  });

  it('wired response headers and statuses that could not be sent fail the node, and the route answers its error port', async () => {
    const workflow = {
      nodes: [
        { id: 'req', op: 'http.request', config: { method: 'GET', path: '/hostile/wired' } },
        { id: 'value', op: 'object.get', config: { path: 'v' } },
        { id: 'headers', op: 'object.set', config: { path: 'x-a' } },
        { id: 'code', op: 'object.get', config: { path: 'code' } },
        { id: 'status', op: 'json.parse' },
        { id: 'res', op: 'http.response', config: { body: 'sent' } },
        { id: 'refused', op: 'http.response', config: { status: 400 } },
      ],
      edges: [
        edge('req', 'query', 'value', 'object'),
        edge('value', 'value', 'headers', 'value'),
        edge('headers', 'object', 'res', 'headers'),
        edge('req', 'query', 'code', 'object'),
        edge('code', 'value', 'status', 'text'),
        edge('status', 'value', 'res', 'status'),
        edge('res', 'error', 'refused', 'body'),
      ],
    };
    expect((await saveWorkflow(server, 'hostile.wired', workflow)).status).toBe(201);
    for (const query of ['v=a%0D%0ASet-Cookie:%20s%3D1&code=200', 'v=a%00b&code=200', 'v=ok&code=101', 'v=ok&code=600']) {
      const res = await send(server, 'GET', `/hostile/wired?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body, query).toMatchObject({ code: 'invalid_input' });
      expect(res.headers.get('set-cookie')).toBeNull();
    }
    const fine = await send(server, 'GET', '/hostile/wired?v=ok&code=201');
    expect(fine.status).toBe(201);
    expect(fine.headers.get('x-a')).toBe('ok');
    expect(fine.text).toBe('sent');
  });

  it('a __proto__ key in document data and in an event payload is stored and read back as given', async () => {
    const data = '{"__proto__":{"x":1},"a":1}';
    expect((await send(server, 'PUT', '/api/store/collections/hostile/docs/proto', data)).status).toBe(200);
    const doc = await send(server, 'GET', '/api/store/collections/hostile/docs/proto');
    expect(doc.status).toBe(200);
    expect(doc.text).toContain(`"data":${data}`);
    expect(Object.hasOwn(doc.body.data, '__proto__')).toBe(true);

    const appended = await invoke(
      server,
      'events.append',
      `{"aggregateType":"Note","aggregateId":"proto","events":[{"type":"Noted","payload":${data}}]}`,
    );
    expect(appended.body).toMatchObject({ status: 'ok' });
    const stream = await send(server, 'GET', '/api/events/streams/Note/proto');
    expect(stream.status).toBe(200);
    expect(stream.text).toContain(`"payload":${data}`);

    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });
});

describe('the limits.* settings', () => {
  let limited: PatternServer;
  beforeAll(async () => {
    limited = await testServer({ mods: DEFAULT_MODS, maxValueDepth: 32, maxStoredDepth: 16 });
  });
  afterAll(async () => {
    await limited.stop();
  });

  it('refuse a run input or invoke input deeper than maxValueDepth with a 400 naming the field', async () => {
    const workflow =
      '{"nodes":[{"id":"in","op":"flow.input"},{"id":"out","op":"flow.output"}],"edges":[{"from":{"node":"in","port":"value"},"to":{"node":"out","port":"value"}}]}';
    const run = await send(limited, 'POST', '/api/runs', `{"workflow":${workflow},"input":${deepObject(40)}}`);
    expect(run.status).toBe(400);
    expect(run.body).toMatchObject({ error: { code: 'too_deep', details: { field: 'input', maxDepth: 32 } } });
    expect((await send(limited, 'POST', '/api/runs', `{"workflow":${workflow},"input":${deepObject(32)}}`)).body).toMatchObject({ status: 'ok' });

    const invoked = await invoke(limited, 'value.const', `{"value":${deepObject(40)}}`);
    expect(invoked.status).toBe(400);
    expect(invoked.body).toMatchObject({ error: { code: 'too_deep', details: { field: 'inputs.value', maxDepth: 32 } } });
  });

  it('hand maxStoredDepth to the store and the event store', async () => {
    const doc = await send(limited, 'PUT', '/api/store/collections/hostile/docs/d', deepObject(17));
    expect(doc.body).toMatchObject({ error: { code: 'too_deep', details: { field: 'data', maxDepth: 16 } } });
    expect((await send(limited, 'PUT', '/api/store/collections/hostile/docs/d', deepObject(15))).status).toBe(200);
    const events = await invoke(
      limited,
      'events.append',
      `{"aggregateType":"Note","aggregateId":"n","events":[{"type":"Noted","payload":${deepObject(17)}}]}`,
    );
    expect(events.body).toMatchObject({ error: { code: 'too_deep', details: { field: 'events.0.payload', maxDepth: 16 } } });
  });
});

describe('after all of it', () => {
  it('a document whose id is an object that cannot become a string is a 422 naming id', async () => {
    const res = await send(server, 'PUT', '/api/workflows/odd-id', JSON.stringify({ id: { toString: [] }, nodes: [], edges: [] }));
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error: { code: 'validation_failed', details: { problems: [{ path: 'id' }] } } });
  });

  it('no answer was a 5xx, and the server still answers', async () => {
    expect(answers.length).toBeGreaterThan(20);
    expect(answers.filter((a) => a.status >= 500)).toEqual([]);
    expect((await send(server, 'GET', '/api/health')).status).toBe(200);
  });
});
