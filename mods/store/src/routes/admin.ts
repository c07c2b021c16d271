import { answers, PatternError, parseJsonText } from '@pattern/core';
import { type Context, Hono } from 'hono';
import { CollectionInfoSchema, DocSchema } from '../schemas.ts';
import type { StoreService } from '../service.ts';
import {
  type BlobPage,
  BlobPageSchema,
  type CollectionList,
  CollectionListSchema,
  DeletedSchema,
  DocPageSchema,
  type LeaseList,
  LeaseListSchema,
  ReleasedSchema,
} from './answers.ts';
import { blobNotFound, docNotFound } from './not-found.ts';
import { jsonQueryParam, OrderParam, PageLimitParam, queryParam } from './query-params.ts';

async function jsonBody(c: Context): Promise<unknown> {
  return parseJsonText(await c.req.text(), 'body');
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

/** The admin API the data browser reads: collections and documents, blobs, leases. */
export function adminRoutes(store: () => StoreService): Hono {
  const app = new Hono();

  app.get('/api/store/collections', answers(CollectionListSchema), async (c) =>
    c.json({ collections: await store().listCollections() } satisfies CollectionList),
  );

  app.post('/api/store/collections', answers(CollectionInfoSchema, 201), async (c) =>
    c.json(await store().ensureCollection((await jsonBody(c)) as never), 201),
  );

  app.get('/api/store/collections/:name/docs', answers(DocPageSchema), async (c) => {
    const page = await store().query({
      collection: c.req.param('name'),
      where: jsonQueryParam(c, 'where') as never,
      orderBy: c.req.query('orderBy') || undefined,
      order: queryParam(c, 'order', OrderParam),
      limit: queryParam(c, 'limit', PageLimitParam),
      cursor: c.req.query('cursor') || undefined,
    });
    return c.json(page);
  });

  app.get('/api/store/collections/:name/docs/:id', answers(DocSchema), async (c) => {
    const doc = await store().get(c.req.param('name'), c.req.param('id'));
    if (!doc) throw docNotFound(c.req.param('name'), c.req.param('id'));
    return c.json(doc);
  });

  // A document created without an id gets the store's own: a ULID, sortable by creation like every other id it makes.
  app.post('/api/store/collections/:name/docs', answers(DocSchema, 201), async (c) => {
    const result = await store().put({ collection: c.req.param('name'), data: (await jsonBody(c)) as never, version: 0 });
    if (!result.ok) throw versionConflict('', result.current);
    return c.json(result.doc, 201);
  });

  app.put('/api/store/collections/:name/docs/:id', answers(DocSchema), async (c) => {
    const result = await store().put({
      collection: c.req.param('name'),
      id: c.req.param('id'),
      data: (await jsonBody(c)) as never,
      version: ifMatch(c),
    });
    if (!result.ok) throw versionConflict(c.req.param('id'), result.current);
    return c.json(result.doc);
  });

  app.delete('/api/store/collections/:name/docs/:id', answers(DeletedSchema), async (c) => {
    const result = await store().delete({ collection: c.req.param('name'), id: c.req.param('id'), version: ifMatch(c) });
    if (result.current) throw versionConflict(c.req.param('id'), result.current);
    if (!result.deleted) throw docNotFound(c.req.param('name'), c.req.param('id'));
    return c.json({ deleted: true });
  });

  app.get('/api/store/blobs', answers(BlobPageSchema), async (c) => {
    const page: BlobPage = await store().blobs.list({ limit: queryParam(c, 'limit', PageLimitParam), cursor: c.req.query('cursor') || undefined });
    return c.json(page);
  });

  app.delete('/api/store/blobs/:id', answers(DeletedSchema), async (c) => {
    if (!(await store().blobs.delete(c.req.param('id')))) throw blobNotFound(c.req.param('id'));
    return c.json({ deleted: true });
  });

  app.get('/api/store/leases', answers(LeaseListSchema), async (c) => c.json({ leases: await store().leases.list() } satisfies LeaseList));

  app.delete('/api/store/leases/:key', answers(ReleasedSchema), async (c) => {
    const key = c.req.param('key');
    if (!(await store().leases.forceRelease(key))) throw new PatternError('not_found', `Nobody holds lease "${key}"`, { key });
    return c.json({ released: true });
  });

  return app;
}

function versionConflict(id: string, current: unknown): PatternError {
  return new PatternError('conflict', `Document "${id}" has changed: its version is not the one in If-Match`, { current });
}
