import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import { createEngine, type Engine, silentLogger } from '@pattern/core';
import docsMod from '@pattern/mod-docs';
import eventStoreMod from '@pattern/mod-event-store';
import storeMod from '@pattern/mod-store';
import { tempDir } from '@pattern/testing';
import { testServer } from '@pattern/testing/server';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type PatternServer } from '../src/index.ts';
import { createMemoryPackageStore } from '../src/persistence/packages/memory.ts';
import { fromAddress } from './from-address.ts';
import { json } from './helpers.ts';

const TOKEN = 'reserved-admin-token-0123456789abcdef';
const APP_SCRIPT = 'console.log("the web app");';
let server: PatternServer | undefined;
let stopApp: (() => Promise<void>) | undefined;
afterEach(async () => {
  await server?.stop();
  await stopApp?.();
  server = undefined;
  stopApp = undefined;
});

/** A built web app: its page and its script. */
function webDist(): string {
  const dist = tempDir('pattern-web-');
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Pattern</title><script type="module" src="/assets/index-abc.js"></script>');
  writeFileSync(join(dist, 'assets/index-abc.js'), APP_SCRIPT);
  return dist;
}

const claim = (method: string, path: string) => ({
  nodes: [
    { id: 'req', op: 'http.request', config: { method, path } },
    { id: 'res', op: 'http.response', config: { body: 'a workflow took this path', headers: { 'content-type': 'text/html' } } },
  ],
  edges: [],
});

const reserved: Array<[string, string]> = [
  ['GET', '/'],
  ['GET', '/index.html'],
  ['GET', '/assets/index-abc.js'],
  ['GET', '/favicon.svg'],
  ['GET', '/workflows'],
  ['GET', '/workflows/x'],
  ['GET', '/runs/:id'],
  ['PUT', '/data/events'],
  ['GET', '/login'],
  ['GET', '/logout'],
  ['POST', '/docs'],
  ['GET', '/docs/search'],
  ['GET', '/api'],
  ['POST', '/api/runs'],
  ['GET', '//api/runs'],
  ['GET', '/API/runs'],
  ['PATCH', '/API/'],
  ['GET', '/runs/'],
  ['GET', '/:page'],
  ['DELETE', '/store/blobs/:id'],
  ['POST', '/store/blobs/:anything'],
];

describe('paths a workflow route may not take', () => {
  it('refuses every path Pattern and its mods serve, with any method and however it is spelled, as route_reserved at config.path', async () => {
    server = await testServer({ mods: [storeMod, docsMod], seed: false });
    for (const [method, path] of reserved) {
      const saved = await json(server, '/api/workflows/claim', { method: 'PUT', body: claim(method, path) });
      expect(saved.status, `${method} ${path}`).toBeLessThan(300);
      expect(saved.body?.route, `${method} ${path}`).toBeNull();
      const problems = saved.body?.problems as Array<{ code: string; path: string; message: string }>;
      expect(problems, `${method} ${path}`).toEqual([
        expect.objectContaining({ code: 'route_reserved', path: 'nodes[0].config.path', nodeId: 'req' }),
      ]);
      const checked = await json(server, '/api/workflows/validate', { method: 'POST', body: claim(method, path) });
      expect(checked.body?.problems, `${method} ${path}`).toEqual([
        expect.objectContaining({ code: 'route_reserved', path: 'nodes[0].config.path' }),
      ]);
    }
    for (const path of ['/hello/:name', '/store', '/data-export', '/docsy', '/api-v2/x', '/runsheet/:id']) {
      expect((await json(server, '/api/workflows/fine', { method: 'PUT', body: claim('GET', path) })).status, path).toBeLessThan(300);
      await json(server, '/api/workflows/fine', { method: 'DELETE' });
    }
  });

  it('keeps the admin app the admin app with a token set: its page and its script are never a workflow', async () => {
    server = await testServer({ adminToken: TOKEN, webDist: webDist(), seed: false });
    const headers = { authorization: `Bearer ${TOKEN}` };
    for (const path of ['/', '/assets/index-abc.js']) {
      const saved = await json(server, '/api/workflows/takeover', { method: 'PUT', headers, body: claim('GET', path) });
      expect(saved.body).toMatchObject({ valid: false, route: null, problems: [expect.objectContaining({ code: 'route_reserved' })] });
    }
    const page = await fetch(`${server.url}/`, { headers: { accept: 'text/html' }, redirect: 'manual' });
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe('/login?next=%2F');
    expect(await (await fetch(`${server.url}/assets/index-abc.js`)).text()).toBe(APP_SCRIPT);
  });

  it('starts with every mod loaded and the seeded workflow, all of them valid', async () => {
    server = await testServer({ mods: [storeMod, eventStoreMod, docsMod] });
    expect(server.engine.workflows.list().map((w) => [w.id, w.problems])).toEqual(server.engine.workflows.list().map((w) => [w.id, []]));
    expect(await (await fetch(`${server.url}/hello/Ada`)).text()).toBe('Hello, Ada!');
  });
});

describe('an app on an engine that does not check routes', () => {
  async function appOn(engine: Engine): Promise<string> {
    await engine.start();
    const app = createApp({
      engine,
      packages: createMemoryPackageStore(),
      log: silentLogger,
      version: 'test',
      bodyLimitBytes: 1024 * 1024,
      adminToken: TOKEN,
      requestLines: undefined,
      webDist: webDist(),
    });
    const listening = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
    });
    stopApp = async () => {
      await new Promise((resolve) => listening.close(resolve));
      await engine.stop();
    };
    const address = listening.address();
    return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }

  it("still never hands one of Pattern's own paths to a workflow, however the request spells it", async () => {
    const engine = createEngine();
    const url = await appOn(engine);
    for (const [i, path] of ['/', '//api/runs', '/API/runs', '/index.html', '/assets/index-abc.js', '/Logout'].entries()) {
      await engine.workflows.save(`takeover-${i}`, claim('GET', path));
    }
    await engine.workflows.save('own', claim('GET', '/own/:x'));
    for (const path of [
      '/',
      '//api/runs',
      '/API/runs',
      '/api%2Fruns',
      '/index.html',
      '//index.html',
      '/assets/index-abc.js',
      '/Logout',
      '/logout/',
    ]) {
      const res = await fromAddress('127.0.0.1', `${url}${path}`, { headers: { accept: 'text/html' } });
      expect(res.text, path).not.toBe('a workflow took this path');
      expect(res.status, path).toBeLessThan(500);
    }
    expect((await fromAddress('127.0.0.1', `${url}/own/1`)).text).toBe('a workflow took this path');
  });
});
