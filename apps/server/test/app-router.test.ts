import type { Engine } from '@pattern/core';
import type { Hono } from 'hono';
import type { Router } from 'hono/router';
import { RegExpRouter } from 'hono/router/reg-exp-router';
import { SmartRouter } from 'hono/router/smart-router';
import { TrieRouter } from 'hono/router/trie-router';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppRouter } from '../src/http/app-router.ts';
import { ReservedPaths } from '../src/http/reserved-paths.ts';
import { ServerMetrics } from '../src/metrics/server-metrics.ts';
import { defaultModsApp } from './fixtures/default-mods-app.ts';

/** Paths of every kind: workflow routes, Pattern's own, the web app's, and odd spellings of them. */
const PATHS = [
  '/hello/Ada',
  '/',
  '/orders/42/items',
  '/api/runs',
  '/api/workflows/validate',
  '/api/workflows/w1/versions',
  '/api/events/e1',
  '/API/runs',
  '//api/runs',
  '/api',
  '/docs',
  '/docs/concepts/runs',
  '/metrics',
  '/mcp',
  '/login',
  '/assets/index.js',
  '/workflows/w1',
  '/store/blobs/b1',
  '/x%2Fy',
  '/a/b/c/d/e/f',
];
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'];

type Handler = [unknown, unknown];

/** The handlers a router answers `method path` with, in order, as Hono runs them. */
function handlers(router: Router<Handler>, method: string, path: string): unknown[] {
  const [matched] = router.match(method, path);
  return matched.map(([handler]) => handler[0]);
}

let engine: Engine;
let app: Hono;
let metrics: ServerMetrics;

beforeAll(async () => {
  ({ engine, app } = await defaultModsApp((started) => {
    metrics = new ServerMetrics(started);
    return { metrics, adminToken: 'app-router-admin-token-0123456789abcdef', requestLines: () => {} };
  }));
});

afterAll(async () => {
  metrics.close();
  await engine.stop();
});

describe('the app router', () => {
  it('answers paths outside the reserved ones without the full table, with every route of the default mods', () => {
    expect(app.router).toBeInstanceOf(AppRouter);
    expect((app.router as AppRouter<Handler>).skipsFullTable).toBe(true);
  });

  it('answers every method and path with the handlers a router holding every route gives, in the same order', () => {
    const reference = new SmartRouter<Handler>({ routers: [new RegExpRouter(), new TrieRouter()] });
    for (const route of app.routes) reference.add(route.method, route.path, [route.handler, route]);
    let compared = 0;
    for (const method of METHODS) {
      for (const path of PATHS) {
        expect(handlers(app.router as Router<Handler>, method, path), `${method} ${path}`).toEqual(handlers(reference, method, path));
        compared++;
      }
    }
    expect(compared).toBe(METHODS.length * PATHS.length);
  });

  it('keeps to the full table once a route could answer a path outside the reserved ones', () => {
    const reserved = new ReservedPaths([{ paths: ['/api/*'], owner: 'the API' }]);
    const routed = (extra: string[]) => {
      const router = new AppRouter<string>(reserved);
      router.add('ALL', '/*', 'log');
      router.add('GET', '/api/runs', 'runs');
      for (const path of extra) router.add('GET', path, path);
      return router;
    };
    const names = (router: AppRouter<string>, path: string) => router.match('GET', path)[0].map(([handler]) => handler);
    const lean = routed([]);
    expect(lean.skipsFullTable).toBe(true);
    expect(names(lean, '/orders')).toEqual(['log']);
    expect(names(lean, '/api/runs')).toEqual(['log', 'runs']);
    const full = routed(['/orders']);
    expect(full.skipsFullTable).toBe(false);
    expect(names(full, '/orders')).toEqual(['log', '/orders']);
  });
});
