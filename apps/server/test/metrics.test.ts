import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import eventStoreMod from '@pattern/mod-event-store';
import storeMod from '@pattern/mod-store';
import { tempDir } from '@pattern/testing';
import { testServer } from '@pattern/testing/server';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterEach, describe, expect, it } from 'vitest';
import type { PatternServer } from '../src/index.ts';
import { LabelCap, OTHER } from '../src/metrics/label-cap.ts';
import { loadSettings, SettingsError } from '../src/settings.ts';
import { edge, json } from './helpers.ts';

const ADMIN = 'metrics-test-admin-token-0123456789abcdef';
let server: PatternServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

const as = (token: string) => ({ authorization: `Bearer ${token}` });

async function mint(s: PatternServer, scopes: string[]): Promise<string> {
  const { body } = await json(s, '/api/tokens', { method: 'POST', headers: as(ADMIN), body: { name: scopes.join(','), scopes } });
  return body?.token as string;
}

async function scrape(s: PatternServer, token: string) {
  const res = await fetch(`${s.url}/metrics`, { headers: as(token) });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  const text = await res.text();
  const families = new Map(parsePrometheusTextFormat(text).map((family) => [family.name, family]));
  return { families, text };
}

/** A histogram's count: the parser reads prom-client's histograms (`le` first) without their counts, so this reads the line itself. */
function histogramCount(text: string, name: string, labels: Record<string, string>): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}_count{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

const storeFlow = {
  id: 'remember',
  nodes: [
    { id: 'in', op: 'flow.input' },
    { id: 'put', op: 'store.put', config: { collection: 'notes' } },
    { id: 'out', op: 'flow.output' },
  ],
  edges: [edge('in', 'value', 'put', 'data'), edge('put', 'doc', 'out', 'value')],
};

describe('GET /metrics', () => {
  it('counts runs by workflow and status, times nodes by op, requests by route pattern and the store by call', async () => {
    server = await testServer({ adminToken: ADMIN, mods: [storeMod] });
    const s = server;
    expect((await json(s, '/api/workflows/remember', { method: 'PUT', headers: as(ADMIN), body: storeFlow })).status).toBe(201);
    for (let i = 0; i < 3; i++) {
      const run = await json(s, '/api/runs', { method: 'POST', headers: as(ADMIN), body: { workflowId: 'remember', input: { n: i } } });
      expect(run.body?.status).toBe('ok');
      expect((await json(s, `/api/runs/${run.body?.id}`, { headers: as(ADMIN) })).status).toBe(200);
    }
    for (const name of ['Ada', 'Grace']) expect(await (await fetch(`${s.url}/hello/${name}`)).text()).toContain(name);
    const failed = await json(s, '/api/runs', {
      method: 'POST',
      headers: as(ADMIN),
      body: { workflow: { nodes: [{ id: 'x', op: 'json.parse', config: { text: '{' } }], edges: [] } },
    });
    expect(failed.body?.status).toBe('error');

    expect((await fetch(`${s.url}/metrics`)).status).toBe(401);
    const refused = await json(s, '/metrics', { headers: as(await mint(s, ['data:read'])) });
    expect(refused.status).toBe(403);
    expect(refused.body?.error.details).toEqual({ scope: 'runs:read' });

    const { families: m, text } = await scrape(s, await mint(s, ['runs:read']));
    const sample = (name: string, labels: Record<string, string>) =>
      m.get(name)?.metrics.find((x) => Object.entries(labels).every(([k, v]) => x.labels?.[k] === v));
    expect(sample('pattern_runs_settled_total', { workflow: 'remember', status: 'ok' })?.value).toBe('3');
    expect(sample('pattern_runs_settled_total', { workflow: 'hello', status: 'ok' })?.value).toBe('2');
    expect(sample('pattern_runs_settled_total', { workflow: '_inline', status: 'error' })?.value).toBe('1');
    expect(sample('pattern_runs_started_total', { workflow: 'remember' })?.value).toBe('3');
    expect(histogramCount(text, 'pattern_run_duration_seconds', { workflow: 'remember', status: 'ok' })).toBe(3);
    expect(histogramCount(text, 'pattern_node_duration_seconds', { op: 'store.put', status: 'ok' })).toBe(3);
    expect(histogramCount(text, 'pattern_node_duration_seconds', { op: 'json.parse', status: 'error' })).toBe(1);
    expect(histogramCount(text, 'pattern_store_operation_duration_seconds', { operation: 'documents.put' })).toBe(3);
    expect(sample('pattern_runs_executing', {})?.value).toBe('0');
    expect(sample('pattern_runs_queued', {})?.value).toBe('0');
    expect(sample('pattern_leases_held', {})?.value).toBe('0');
    expect(m.get('pattern_process_cpu_seconds_total')).toBeDefined();

    // Route patterns, never the paths with their ids.
    expect(sample('pattern_http_requests_total', { method: 'GET', route: '/api/runs/:id', status: '200' })?.value).toBe('3');
    expect(sample('pattern_http_requests_total', { method: 'GET', route: '/metrics', status: '403' })?.value).toBe('1');
    const routes = new Set(m.get('pattern_http_requests_total')?.metrics.map((x) => x.labels?.route));
    expect([...routes].some((route) => route?.includes('Ada') || /\/api\/runs\/[0-9A-Z]{26}/.test(route ?? ''))).toBe(false);
    expect(histogramCount(text, 'pattern_http_request_duration_seconds', { method: 'POST', route: '/api/runs' })).toBe(4);
    for (const name of m.keys()) expect(name).toMatch(/^pattern_/);
  });

  it('counts 429 refusals and shows queued runs while a workflow waits its turn', async () => {
    server = await testServer({ adminToken: ADMIN, maxConcurrentRuns: 1, maxQueuedRuns: 1 });
    const s = server;
    const slow = { nodes: [{ id: 'wait', op: 'flow.delay', config: { ms: 60_000, value: 1 } }], edges: [] };
    const first = await json(s, '/api/runs', { method: 'POST', headers: as(ADMIN), body: { workflow: { id: 'slow', ...slow }, wait: false } });
    const second = await json(s, '/api/runs', { method: 'POST', headers: as(ADMIN), body: { workflow: { id: 'slow', ...slow }, wait: false } });
    const third = await json(s, '/api/runs', { method: 'POST', headers: as(ADMIN), body: { workflow: { id: 'slow', ...slow }, wait: false } });
    expect([first.status, second.status, third.status]).toEqual([202, 202, 429]);
    const { families: m } = await scrape(s, ADMIN);
    expect(m.get('pattern_runs_executing')?.metrics[0]?.value).toBe('1');
    expect(m.get('pattern_runs_queued')?.metrics[0]?.value).toBe('1');
    expect(m.get('pattern_rate_limited_total')?.metrics.find((x) => x.labels?.route === '/api/runs')?.value).toBe('1');
    for (const run of [first, second]) await json(s, `/api/runs/${run.body?.id}/cancel`, { method: 'POST', headers: as(ADMIN) });
  });

  it('reports how far an event-triggered workflow lags behind the log, and the event store’s calls', async () => {
    server = await testServer({ mods: [eventStoreMod], safeMode: true, seed: false });
    const s = server;
    await s.engine.workflows.save('react', {
      nodes: [
        { id: 'on', op: 'events.on', config: { types: ['Pinged'], from: 'start' } },
        { id: 'out', op: 'flow.output' },
      ],
      edges: [edge('on', 'event', 'out', 'value')],
    });
    for (let i = 0; i < 3; i++) {
      const run = await json(s, '/api/runs', {
        method: 'POST',
        body: {
          workflow: {
            nodes: [
              { id: 'a', op: 'events.append', config: { aggregateType: 'Ping', aggregateId: 'p1', events: [{ type: 'Pinged', payload: { i } }] } },
            ],
            edges: [],
          },
        },
      });
      expect(run.body?.status, JSON.stringify(run.body?.error)).toBe('ok');
    }
    const { families: m, text } = await scrape(s, 'unused');
    expect(m.get('pattern_event_consumer_lag')?.metrics.find((x) => x.labels?.name === 'workflow:react')).toMatchObject({
      labels: { kind: 'workflow' },
      value: '3',
    });
    expect(histogramCount(text, 'pattern_event_store_operation_duration_seconds', { operation: 'tryAppend' })).toBe(3);
  });

  it('is open without a token when metrics.public is set, and gone when metrics are off', async () => {
    server = await testServer({ adminToken: ADMIN, metricsPublic: true });
    expect((await fetch(`${server.url}/metrics`)).status).toBe(200);
    await server.stop();
    server = await testServer({ adminToken: ADMIN, metricsEnabled: false });
    expect((await fetch(`${server.url}/metrics`, { headers: as(ADMIN) })).status).toBe(404);
  });

  it('refuses a metrics setting that is not a boolean, naming it', () => {
    const dir = tempDir();
    const config = join(dir, 'pattern.config.json');
    writeFileSync(config, JSON.stringify({ metrics: { public: true } }));
    expect(loadSettings({ PATTERN_CONFIG: config }, dir)).toMatchObject({ metricsPublic: true, metricsEnabled: true });
    writeFileSync(config, JSON.stringify({ metrics: { public: 'yes' } }));
    expect(() => loadSettings({ PATTERN_CONFIG: config }, dir)).toThrow(SettingsError);
    expect(() => loadSettings({ PATTERN_CONFIG: config }, dir)).toThrow(/metrics\.public/);
  });
});

describe('LabelCap', () => {
  it('keeps the first values and folds the rest into _other', () => {
    const cap = new LabelCap(2);
    expect(['a', 'b', 'c', 'a', 'd', 'b'].map((v) => cap.of(v))).toEqual(['a', 'b', OTHER, 'a', OTHER, 'b']);
  });
});
