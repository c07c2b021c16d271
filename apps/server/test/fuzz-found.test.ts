import { MAX_JSON_DEPTH } from '@pattern/core';
import { describe, expect, it } from 'vitest';
import { fuzzed, send, useFuzzServer } from './fuzz/fuzz-server.ts';
import { HUGE } from './fuzz/request-parts.ts';
import { deepArray, deepObject, TOKEN } from './fuzz/values.ts';
import { edge } from './helpers.ts';

/** What the fuzzer (fuzz.test.ts) found, kept as plain cases against the same seeded server. */

useFuzzServer();

describe('what the fuzzer found, kept as plain cases', () => {
  const auth = { authorization: `Bearer ${TOKEN}` };

  it('a login body that is not a form is a 400, not a 500', async () => {
    const res = await send({ method: 'POST', path: '/login', headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: '{' });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body.toString())).toMatchObject({ error: { code: 'bad_request' } });
  });

  it('a blob upload that is not a valid multipart form is a 400, not a 500', async () => {
    const res = await send({ method: 'POST', path: '/api/store/blobs', headers: { ...auth, 'content-type': 'multipart/form-data' }, body: '{' });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body.toString())).toMatchObject({ error: { code: 'bad_request', details: { field: 'body' } } });
  });

  it('a document nested deeper than the store keeps, made inside a workflow, is refused by the store, not a crash', async () => {
    await fuzzed.engine.workflows.save('fuzz.deep-put', {
      nodes: [
        { id: 'req', op: 'http.request', config: { method: 'POST', path: '/fuzz-deep-put' } },
        { id: 'parse', op: 'json.parse' },
        { id: 'put', op: 'store.put', config: { collection: 'deep' } },
        { id: 'out', op: 'flow.output' },
      ],
      edges: [edge('req', 'body', 'parse', 'text'), edge('parse', 'value', 'put', 'data'), edge('put', 'error', 'out', 'value')],
    });
    const res = await send({ method: 'POST', path: '/fuzz-deep-put', headers: { 'content-type': 'text/plain' }, body: deepObject(100) });
    expect(res.status, res.body.toString()).toBe(200);
    expect(JSON.parse(res.body.toString())).toMatchObject({ code: 'too_deep', details: { field: 'data' } });
  });

  it('JSON nested deeper than the limit is refused at the edge of every API that parses it', async () => {
    const deep = deepObject(MAX_JSON_DEPTH + 1);
    const workflow = (value: string) =>
      `{"nodes":[{"id":"c","op":"value.const","config":{"value":${value}}},{"id":"out","op":"flow.output"}],"edges":[${JSON.stringify(edge('c', 'value', 'out', 'value'))}]}`;
    for (const [method, path, payload] of [
      ['PUT', '/api/workflows/deep', workflow(deep)],
      ['POST', '/api/workflows/validate', workflow(deep)],
      ['POST', '/api/runs', `{"workflow":${workflow('1')},"input":${deep}}`],
      ['POST', '/api/ops/value.const/invoke', `{"inputs":{"value":${deep}}}`],
      ['POST', '/api/store/collections', `{"name":"deep","indexes":${deep}}`],
      ['POST', '/api/aggregates/Order/o-1/commands/Place', deep],
      ['GET', `/api/store/collections/fuzz/docs?where=${encodeURIComponent(deep)}`, undefined],
    ] as const) {
      const res = await send({ method, path, headers: { ...auth, 'content-type': 'application/json' }, ...(payload ? { body: payload } : {}) });
      expect(res.status, `${method} ${path.slice(0, 60)}: ${res.body.toString().slice(0, 200)}`).toBe(400);
      expect(JSON.parse(res.body.toString())).toMatchObject({ error: { code: 'bad_request', details: { maxDepth: MAX_JSON_DEPTH } } });
    }
    const fine = await send({
      method: 'POST',
      path: '/api/workflows/validate',
      headers: { ...auth, 'content-type': 'application/json' },
      body: workflow(deepObject(MAX_JSON_DEPTH - 10)),
    });
    expect(fine.status).toBe(200);
  });

  it('a value too deep to serialize is refused by the op that would build it, the run is recorded, and the server lives on', async () => {
    await fuzzed.engine.workflows.save('fuzz.parse', {
      nodes: [
        { id: 'req', op: 'http.request', config: { method: 'POST', path: '/fuzz-parse' } },
        { id: 'parse', op: 'json.parse' },
        { id: 'out', op: 'flow.output' },
      ],
      edges: [edge('req', 'body', 'parse', 'text'), edge('parse', 'error', 'out', 'value')],
    });
    const res = await send({ method: 'POST', path: '/fuzz-parse', headers: { 'content-type': 'text/plain' }, body: deepArray(50_000) });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body.toString())).toMatchObject({ code: 'too_deep', details: { field: 'text' } });
    await fuzzed.engine.runs.flush();
    const { runs } = await fuzzed.engine.runs.list({ workflowId: 'fuzz.parse' });
    const record = await fuzzed.engine.runs.get(runs[0]?.id as string);
    expect(record?.nodes.parse).toMatchObject({ status: 'error', error: { code: 'too_deep' } });
    expect(() => JSON.stringify(record)).not.toThrow();
    expect((await send({ method: 'GET', path: '/api/health', headers: {} })).status).toBe(200);
  });

  it('blobs over the API body limit are taken up to the store cap', async () => {
    const bytes = Buffer.alloc(fuzzed.server.settings.bodyLimitBytes + 1024, 7);
    const res = await send({
      method: 'POST',
      path: '/api/store/blobs',
      headers: { ...auth, 'content-type': 'application/octet-stream' },
      body: bytes,
    });
    expect(res.status, res.body.toString()).toBe(201);
    expect(JSON.parse(res.body.toString())).toMatchObject({ size: bytes.length });
  });

  it("a workflow route's body is capped like the API's", async () => {
    await fuzzed.engine.workflows.save('fuzz.echo', {
      nodes: [
        { id: 'req', op: 'http.request', config: { method: 'POST', path: '/fuzz-echo' } },
        { id: 'out', op: 'flow.output' },
      ],
      edges: [edge('req', 'body', 'out', 'value')],
    });
    const big = await send({ method: 'POST', path: '/fuzz-echo', headers: { 'content-type': 'text/plain' }, body: HUGE });
    expect(big.status).toBe(413);
    const small = await send({ method: 'POST', path: '/fuzz-echo', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    expect(JSON.parse(small.body.toString())).toEqual({ a: 1 });
  });

  it('a 413 closes the connection, so a keep-alive client does not send the next request into a closed socket', async () => {
    const res = await send({ method: 'POST', path: '/api/runs', headers: { ...auth, 'content-type': 'application/json' }, body: HUGE });
    expect(res.status).toBe(413);
    expect(res.headers.connection).toBe('close');
  });
});
