import { testServer } from '@pattern/testing/server';
import { afterEach, describe, expect, it } from 'vitest';
import realtimeMod from '../src/index.ts';
import { chatWorkflow } from './helpers/chat.ts';

type Server = Awaited<ReturnType<typeof testServer>>;
let server: Server | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function call(path: string, method: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${server?.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

describe('the path of a ws.route', () => {
  it('may not be one Pattern serves: route_reserved at nodes[i].config.path, as for an HTTP route', async () => {
    server = await testServer({ mods: [realtimeMod], seed: false });
    for (const path of ['/api/runs', '/API/runs', '/api', '/login', '/workflows/:id', '/']) {
      const saved = await call('/api/workflows/claim', 'PUT', chatWorkflow(path));
      expect(saved.status, path).toBeLessThan(300);
      expect(saved.body.problems, path).toEqual([expect.objectContaining({ code: 'route_reserved', path: 'nodes[0].config.path', nodeId: 'route' })]);
      const checked = await call('/api/workflows/validate', 'POST', chatWorkflow(path));
      expect(checked.body.problems, path).toEqual([expect.objectContaining({ code: 'route_reserved', path: 'nodes[0].config.path' })]);
    }
    expect((await call('/api/workflows/fine', 'PUT', chatWorkflow('/chat/:room'))).body.problems).toEqual([]);
  });

  it('is held by one saved workflow: a second on the same path is refused with conflict, as a second HTTP route is', async () => {
    server = await testServer({ mods: [realtimeMod], seed: false });
    expect((await call('/api/workflows/one', 'PUT', chatWorkflow('/chat/:room'))).status).toBe(201);
    // Parameter names do not tell endpoints apart, any more than they do HTTP routes.
    const second = await call('/api/workflows/two', 'PUT', chatWorkflow('/chat/:name/'));
    expect(second.status).toBe(409);
    expect(second.body.error).toMatchObject({
      code: 'conflict',
      message: 'WebSocket /chat/:name/ is already served by workflow "one"',
      details: { workflowId: 'one' },
    });
    const route = (path: string) => ({ nodes: [{ id: 'req', op: 'http.request', config: { method: 'GET', path } }], edges: [] });
    expect((await call('/api/workflows/get-one', 'PUT', route('/things/:id'))).status).toBe(201);
    const http = await call('/api/workflows/get-two', 'PUT', route('/things/:key'));
    expect([http.status, http.body.error.code, http.body.error.details.workflowId]).toEqual([second.status, 'conflict', 'get-one']);

    expect((await call('/api/workflows/one', 'PUT', chatWorkflow('/chat/:room'))).status).toBe(200);
    expect((await call('/api/workflows/lobby', 'PUT', chatWorkflow('/chat/lobby'))).status).toBe(201);
    expect((await call('/api/workflows/one', 'DELETE')).status).toBeLessThan(300);
    expect((await call('/api/workflows/two', 'PUT', chatWorkflow('/chat/:name'))).status).toBe(201);
  });

  it('is held by a workflow’s active version and its draft alike, and checked again when a version is activated', async () => {
    server = await testServer({ mods: [realtimeMod], seed: false });
    const { workflows } = server.engine;
    await workflows.save('one', chatWorkflow('/feed'));
    await workflows.publish('one');
    await workflows.save('one', chatWorkflow('/elsewhere'));
    await expect(workflows.save('two', chatWorkflow('/feed'))).rejects.toMatchObject({ code: 'conflict' });
    await expect(workflows.save('two', chatWorkflow('/elsewhere'))).rejects.toMatchObject({ code: 'conflict' });
    await workflows.save('two', chatWorkflow('/first'));
    await workflows.publish('two');
    await workflows.save('two', chatWorkflow('/second'));
    await workflows.publish('two');
    // Version 1 of two served /first, which one's draft has taken since.
    await workflows.save('one', chatWorkflow('/first'));
    await expect(workflows.activate('two', 1)).rejects.toMatchObject({
      code: 'conflict',
      message: 'WebSocket /first is already served by workflow "one"',
    });
  });
});
