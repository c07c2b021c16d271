import { assertJsonDepth, PatternError } from '@pattern/core';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { StoreService } from '../service.ts';
import { blobNotFound } from './errors.ts';

async function jsonBody(c: Context): Promise<unknown> {
  const text = await c.req.text();
  assertJsonDepth(text, 'body');
  try {
    return JSON.parse(text);
  } catch {
    throw new PatternError('invalid_json', 'The body is not valid JSON', { field: 'body' });
  }
}

function ifMatch(c: Context): number | undefined {
  const header = c.req.header('If-Match');
  if (header === undefined) return undefined;
  const version = Number(header.replace(/^W\//, '').replace(/"/g, '').trim());
  if (!Number.isInteger(version) || version < 0) {
    throw new PatternError('bad_request', 'If-Match holds the version the document must have, like `If-Match: 3`', { field: 'If-Match' });
  }
  return version;
}

function queryParam<T>(c: Context, name: string, parse: (text: string) => T): T | undefined {
  const text = c.req.query(name);
  if (text === undefined || text === '') return undefined;
  return parse(text);
}

function jsonParam(name: string) {
  return (text: string): unknown => {
    assertJsonDepth(text, name);
    try {
      return JSON.parse(text);
    } catch {
      throw new PatternError('invalid_json', `The ${name} parameter is not valid JSON`, { field: name });
    }
  };
}

function intParam(name: string) {
  return (text: string): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < 1) throw new PatternError('bad_request', `${name} must be a positive integer`, { field: name });
    return value;
  };
}

const OrderParam = z.enum(['asc', 'desc']);

/** The admin API the data browser reads: collections and documents, blobs, leases. */
export function adminRoutes(store: () => StoreService): Hono {
  const app = new Hono();

  app.get('/api/store/collections', async (c) => c.json({ collections: await store().listCollections() }));

  app.post('/api/store/collections', async (c) => c.json(await store().ensureCollection((await jsonBody(c)) as never), 201));

  app.get('/api/store/collections/:name/docs', async (c) => {
    const order = queryParam(c, 'order', (text) => {
      const parsed = OrderParam.safeParse(text);
      if (!parsed.success) throw new PatternError('bad_request', 'order is "asc" or "desc"', { field: 'order' });
      return parsed.data;
    });
    const page = await store().query({
      collection: c.req.param('name'),
      where: queryParam(c, 'where', jsonParam('where')) as never,
      orderBy: queryParam(c, 'orderBy', String),
      order,
      limit: queryParam(c, 'limit', intParam('limit')),
      cursor: queryParam(c, 'cursor', String),
    });
    return c.json(page);
  });

  app.get('/api/store/collections/:name/docs/:id', async (c) => {
    const doc = await store().get(c.req.param('name'), c.req.param('id'));
    if (!doc) throw docNotFound(c.req.param('name'), c.req.param('id'));
    return c.json(doc);
  });

  app.put('/api/store/collections/:name/docs/:id', async (c) => {
    const result = await store().put({
      collection: c.req.param('name'),
      id: c.req.param('id'),
      data: (await jsonBody(c)) as never,
      version: ifMatch(c),
    });
    if (!result.ok) throw versionConflict(c.req.param('id'), result.current);
    return c.json(result.doc);
  });

  app.delete('/api/store/collections/:name/docs/:id', async (c) => {
    const result = await store().delete({ collection: c.req.param('name'), id: c.req.param('id'), version: ifMatch(c) });
    if (result.current) throw versionConflict(c.req.param('id'), result.current);
    if (!result.deleted) throw docNotFound(c.req.param('name'), c.req.param('id'));
    return c.json({ deleted: true });
  });

  app.get('/api/store/blobs', async (c) =>
    c.json(await store().blobs.list({ limit: queryParam(c, 'limit', intParam('limit')), cursor: queryParam(c, 'cursor', String) })),
  );

  app.delete('/api/store/blobs/:id', async (c) => {
    if (!(await store().blobs.delete(c.req.param('id')))) throw blobNotFound(c.req.param('id'));
    return c.json({ deleted: true });
  });

  app.get('/api/store/leases', async (c) => c.json({ leases: await store().leases.list() }));

  app.delete('/api/store/leases/:key', async (c) => {
    const key = c.req.param('key');
    if (!(await store().leases.forceRelease(key))) throw new PatternError('not_found', `Nobody holds lease "${key}"`, { key });
    return c.json({ released: true });
  });

  return app;
}

function docNotFound(collection: string, id: string): PatternError {
  return new PatternError('not_found', `There is no document "${id}" in collection "${collection}"`, { collection, id });
}

function versionConflict(id: string, current: unknown): PatternError {
  return new PatternError('conflict', `Document "${id}" has changed: its version is not the one in If-Match`, { current });
}
