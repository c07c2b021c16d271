import { freshSchema, tempDir } from '@pattern/testing';
import { type PatternServer, testServer } from '@pattern/testing/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeMod } from '../src/index.ts';
import { storeOf } from './helpers.ts';

/** Input a caller should never send, over HTTP and through ops, on SQLite and on PostgreSQL: always a 4xx naming the field, never a 5xx. */

const NUL = '%00';

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`hostile input on ${kind}`, () => {
    let dir: string;
    let schema: Awaited<ReturnType<typeof freshSchema>> | undefined;
    let server: PatternServer;

    beforeAll(async () => {
      dir = tempDir();
      schema = kind === 'postgres' ? await freshSchema('store_hostile') : undefined;
      server = await testServer({
        mods: [storeMod],
        dataDir: dir,
        storage: 'sqlite',
        databaseUrl: schema?.url,
        seed: false,
        modOptions: { store: { collections: [{ name: 'orders', indexes: ['status'] }] } },
      });
    });
    afterAll(async () => {
      await server.stop();
      await schema?.drop();
    });

    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers: { 'Content-Type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: text ? (JSON.parse(text) as { error?: { code: string; details: { field?: string } } }) : null };
    };

    it('answers 400 naming the field for NUL in a document id, an indexed value, a query value, a blob id, a cursor or a lease key', async () => {
      const where = (value: string) => encodeURIComponent(JSON.stringify({ status: value }));
      const cases: Array<[string, string, unknown, string]> = [
        ['GET', `/api/store/collections/orders/docs/a${NUL}b`, undefined, 'id'],
        ['PUT', `/api/store/collections/orders/docs/a${NUL}b`, { status: 'open' }, 'id'],
        ['DELETE', `/api/store/collections/orders/docs/a${NUL}b`, undefined, 'id'],
        ['PUT', '/api/store/collections/orders/docs/o1', { status: 'op\0en' }, 'data.status'],
        ['GET', `/api/store/collections/orders/docs?where=${where('op\0en')}`, undefined, 'where.status'],
        ['GET', `/api/store/collections/orders/export?where=${where('\0')}`, undefined, 'where.status'],
        ['GET', `/store/blobs/01${NUL}`, undefined, 'id'],
        ['DELETE', `/api/store/blobs/01${NUL}`, undefined, 'id'],
        ['GET', `/api/store/blobs?cursor=01${NUL}`, undefined, 'cursor'],
        ['DELETE', `/api/store/leases/job${NUL}`, undefined, 'key'],
      ];
      expect(storeOf(server.engine).driver.kind).toBe(kind);
      for (const [method, path, body, field] of cases) {
        expect(await call(method, path, body), `${method} ${path}`).toMatchObject({
          status: 400,
          body: { error: { code: 'bad_request', details: { field } } },
        });
      }
      expect(await call('GET', '/api/store/collections/orders/docs')).toMatchObject({ status: 200, body: { docs: [] } });
    });

    it('fails the node with the same code for NUL given to an op', async () => {
      const cases: Array<[string, Record<string, unknown>, string]> = [
        ['store.put', { collection: 'orders', id: 'a\0', data: {} }, 'id'],
        ['store.get', { collection: 'orders', id: '\0' }, 'id'],
        ['store.put', { collection: 'orders', data: { status: 'x\0' } }, 'data.status'],
        ['store.query', { collection: 'orders', where: { status: { in: ['\0'] } } }, 'where.status.in'],
        ['store.lease.acquire', { key: 'job\0' }, 'key'],
        ['store.lease.acquire', { key: 'job', owner: 'al\0ice' }, 'owner'],
        ['store.blob.put', { data: 'x', mime: 'text/plain;x=\0' }, 'mime'],
        ['store.blob.get', { id: '01\0' }, 'id'],
      ];
      for (const [op, inputs, field] of cases) {
        const run = await call('POST', `/api/ops/${op}/invoke`, { inputs });
        expect(run, `${op} ${JSON.stringify(inputs)}`).toMatchObject({
          status: 200,
          body: { status: 'error', error: { code: 'bad_request', details: { field } } },
        });
      }
    });

    it('never answers a 5xx to a hostile request', async () => {
      const requests: Array<[string, string, unknown]> = [
        ['PUT', `/api/store/collections/orders/docs/${'x'.repeat(300)}`, {}],
        ['PUT', '/api/store/collections/orders/docs/o2', { status: ['a', 'b\0'] }],
        [
          'GET',
          `/api/store/collections/orders/docs?orderBy=status&cursor=${Buffer.from('{"field":"status","order":"asc","key":{"kind":3,"value":"\\u0000"},"id":"x"}').toString('base64url')}`,
          undefined,
        ],
        ['GET', `/api/store/collections/${NUL}/docs`, undefined],
        ['POST', '/api/store/collections', { name: 'x', indexes: ['a\0'] }],
        ['GET', '/store/blobs/..%2F..%2Fetc%2Fpasswd', undefined],
        ['DELETE', `/api/store/leases/${'k'.repeat(600)}`, undefined],
      ];
      for (const [method, path, body] of requests) {
        const { status } = await call(method, path, body);
        expect(status, `${method} ${path}`).toBeGreaterThanOrEqual(400);
        expect(status, `${method} ${path}`).toBeLessThan(500);
      }
    });
  });
}
