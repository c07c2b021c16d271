import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ServerProcess, spawnServer, stopServer, tempDir } from '@pattern/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveSettings, SettingsError } from '../src/index.ts';

const routeWorkflow = (name: string, x = 0.4) => ({
  name,
  nodes: [
    { id: 'request', op: 'http.request', config: { method: 'GET', path: '/from-file' }, position: { x, y: 10.6 } },
    { id: 'response', op: 'http.response', config: { status: 200, body: name }, position: { x: 300, y: 0 } },
  ],
  edges: [],
});

let server: ServerProcess | undefined;
afterEach(async () => {
  if (server) await stopServer(server);
  server = undefined;
});

async function get(url: string) {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

describe('workflowsDir', () => {
  it('loads every file at start, reports a bad one by name and line, reloads on change, and writes saves back canonically', async () => {
    const dir = tempDir();
    const folder = join(dir, 'workflows');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(folder);
    const file = join(folder, 'greeter.workflow.json');
    writeFileSync(file, JSON.stringify(routeWorkflow('first')));
    writeFileSync(join(folder, 'broken.workflow.json'), '{\n  "nodes": [\n    { "id": "a" },,\n  ]\n}\n');
    server = await spawnServer(dir, { dataDir: join(dir, 'data'), mods: [], workflowsDir: folder });

    expect(server.output()).toMatch(/workflow file .*broken\.workflow\.json, line 3: /);
    expect(await fetch(`${server.url}/from-file`).then((r) => r.text())).toBe('first');
    const list = await get(`${server.url}/api/workflows`);
    expect(list.body.workflows.find((w: { id: string }) => w.id === 'greeter')).toMatchObject({ source: 'file' });
    expect(list.body.workflows.find((w: { id: string }) => w.id === 'hello')).toMatchObject({ source: 'database' });

    writeFileSync(file, JSON.stringify(routeWorkflow('second')));
    await expect.poll(() => fetch(`${server?.url}/from-file`).then((r) => r.text()), { timeout: 30_000, interval: 100 }).toBe('second');

    const edited = { ...routeWorkflow('third', 120.7), meta: { viewport: { x: 1, y: 2, zoom: 1 } } };
    const saved = await fetch(`${server.url}/api/workflows/greeter`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(edited),
    });
    expect(saved.status).toBe(200);
    await expect.poll(() => JSON.parse(readFileSync(file, 'utf8')).name, { timeout: 30_000, interval: 100 }).toBe('third');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('"position": {\n        "x": 121,\n        "y": 11\n      }');
    expect(text).not.toContain('viewport');
    expect(Object.keys(JSON.parse(text))).toEqual(['id', 'name', 'nodes', 'edges']);
    expect(await fetch(`${server.url}/from-file`).then((r) => r.text())).toBe('third');
  });

  it('refuses to start on a folder that does not exist, naming the setting', () => {
    const base = tempDir();
    expect(() => resolveSettings({ workflowsDir: 'nope' }, {}, base)).toThrow(SettingsError);
    expect(() => resolveSettings({}, { PATTERN_WORKFLOWS_DIR: join(base, 'missing') }, base)).toThrow(
      /PATTERN_WORKFLOWS_DIR \(workflowsDir\) must be an existing folder/,
    );
    expect(resolveSettings({ workflowsDir: '.' }, {}, base).workflowsDir).toBe(base);
  });
});
