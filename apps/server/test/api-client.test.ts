import { testServer } from '@pattern/testing/server';
import { hc, type InferResponseType } from 'hono/client';
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import type { ApiApp } from '../src/api-type.ts';
import type { PatternServer } from '../src/index.ts';
import { edge } from './helpers.ts';

const echo = {
  nodes: [
    { id: 'in', op: 'flow.input' },
    { id: 'out', op: 'flow.output' },
  ],
  edges: [edge('in', 'value', 'out', 'value')],
};

let server: PatternServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function started() {
  server = await testServer();
  return { server, client: hc<ApiApp>(server.url) };
}

describe('the API as its type describes it', () => {
  it('lists workflows with every field the server describes', async () => {
    const { client } = await started();
    expect((await client.api.workflows[':id'].$put({ param: { id: 'echo' }, json: echo })).status).toBe(201);
    await client.api.workflows[':id'].versions.$post({ param: { id: 'echo' }, json: { note: 'first' } });
    const listing = await (await client.api.workflows.$get()).json();
    type Listing = InferResponseType<typeof client.api.workflows.$get>['workflows'][number];
    expectTypeOf<Listing>().toHaveProperty('activeVersion');
    expectTypeOf<Listing>().toHaveProperty('versions');
    expectTypeOf<Listing>().toHaveProperty('refusal');
    expect(listing.workflows.find((w) => w.id === 'echo')).toMatchObject({ activeVersion: 1, versions: 1, refusal: null, lastRun: null });
  });

  it('coerces query values, and names the field of one that does not fit', async () => {
    const { client } = await started();
    for (const input of [1, 2]) await client.api.runs.$post({ json: { workflow: echo, input } });
    const page = await (await client.api.runs.$get({ query: { limit: '1' } })).json();
    expect(page.runs).toHaveLength(1);
    expect(page.next).toEqual(expect.any(String));
    const refused = await client.api.runs.$get({ query: { limit: 'many' } });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({
      error: { code: 'bad_request', message: expect.stringContaining('limit'), details: { problems: [{ path: 'limit' }] } },
    });
  });

  it('reads a JSON body whatever its content type, and an empty body as an empty object', async () => {
    const { server } = await started();
    const plain = await fetch(`${server.url}/api/runs`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ workflow: echo, input: 'hi' }),
    });
    expect(await plain.json()).toMatchObject({ status: 'ok', output: 'hi' });
    await fetch(`${server.url}/api/workflows/echo`, { method: 'PUT', body: JSON.stringify(echo) });
    const empty = await fetch(`${server.url}/api/workflows/echo/versions`, { method: 'POST' });
    expect(empty.status).toBe(201);
    expect(await empty.json()).toMatchObject({ published: true, version: { version: 1, note: '' } });
  });

  it('refuses a version path parameter that does not name a version, in the error shape', async () => {
    const { client } = await started();
    await client.api.workflows[':id'].$put({ param: { id: 'echo' }, json: echo });
    const latest = await client.api.workflows[':id'].versions[':version'].activate.$post({ param: { id: 'echo', version: 'latest' } });
    expect(latest.status).toBe(400);
    expect(await latest.json()).toMatchObject({
      error: { code: 'bad_request', message: expect.stringContaining('not "latest"'), details: { problems: [{ path: 'version' }] } },
    });
    const word = await client.api.workflows[':id'].versions[':version'].$get({ param: { id: 'echo', version: 'first' } });
    expect(word.status).toBe(400);
    expect(await word.json()).toMatchObject({ error: { code: 'bad_request', details: { problems: [{ path: 'version' }] } } });
  });
});
