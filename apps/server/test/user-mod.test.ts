import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '@pattern/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSettings, type PatternServer, startServer } from '../src/index.ts';
import { json, root } from './helpers.ts';

let server: PatternServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe("the README's user mod", () => {
  it('loads from pattern.config.json and its op reads the store and calls other ops in the run', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'pattern.config.json'),
      JSON.stringify({ dataDir: 'data', mods: ['@pattern/mod-store', join(root, 'examples/shop-mod.ts')] }),
    );
    server = await startServer({ settings: loadSettings({ PORT: '0' }, dir), quiet: true });
    const headers = { 'content-type': 'application/json' };
    await fetch(`${server.url}/api/store/collections/customers/docs/c7`, { method: 'PUT', headers, body: JSON.stringify({ name: 'Ada' }) });
    for (const status of ['open', 'open', 'shipped']) {
      await json(server, '/api/ops/store.put/invoke', {
        method: 'POST',
        body: { inputs: { collection: 'orders', data: { customerId: 'c7', status } } },
      });
    }
    const run = await json(server, '/api/ops/shop.openOrders/invoke', { method: 'POST', body: { inputs: { customerId: 'c7' } } });
    expect(run.body).toMatchObject({ status: 'ok', output: { count: 2, text: 'Hello, Ada: 2 open orders' } });
    expect(run.body?.nodes.op.calls.map((c: { op: string }) => c.op)).toEqual(['store.query', 'string.template']);
    const collections = await json(server, '/api/store/collections');
    expect(JSON.stringify(collections.body)).toContain('customerId');
  });
});
