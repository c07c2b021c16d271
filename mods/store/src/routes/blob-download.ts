import { Hono } from 'hono';
import type { StoreService } from '../service.ts';
import { blobNotFound } from './errors.ts';

/** Types a browser would run as a page or a script: served as downloads so an upload can never script Pattern's origin. */
const ACTIVE =
  /^(text\/html|application\/xhtml\+xml|image\/svg\+xml|text\/xml|application\/xml|[\w.-]+\/[\w.-]+\+xml|text\/javascript|application\/javascript|application\/x-javascript|text\/ecmascript|application\/ecmascript|text\/xsl|multipart\/x-mixed-replace)\b/i;

type Range = { start: number; end: number } | 'unsatisfiable' | undefined;

/** One `bytes=` range (the first, when several are asked for), inclusive. */
export function parseRange(header: string | undefined, size: number): Range {
  if (!header) return undefined;
  const match = /^bytes=\s*(\d*)-(\d*)\s*(?:,.*)?$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

export function blobDownloadRoutes(store: () => StoreService): Hono {
  const app = new Hono();
  app.get('/store/blobs/:id', async (c) => {
    const blobs = store().blobs;
    const meta = await blobs.getMeta(c.req.param('id'));
    if (!meta) throw blobNotFound(c.req.param('id'));
    const etag = `"${meta.sha256}"`;
    const headers = new Headers({
      'Content-Type': meta.mime,
      ETag: etag,
      'Accept-Ranges': 'bytes',
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, max-age=0, must-revalidate',
      'Content-Security-Policy': "default-src 'none'; sandbox",
    });
    if (ACTIVE.test(meta.mime)) headers.set('Content-Disposition', `attachment; filename="${meta.id}"`);
    const ifNoneMatch = c.req.header('If-None-Match');
    if (ifNoneMatch?.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*')) {
      return new Response(null, { status: 304, headers });
    }
    const ifRange = c.req.header('If-Range');
    const range = ifRange === undefined || ifRange === etag ? parseRange(c.req.header('Range'), meta.size) : undefined;
    if (range === 'unsatisfiable') {
      headers.set('Content-Range', `bytes */${meta.size}`);
      return new Response(null, { status: 416, headers });
    }
    const read = await blobs.get(meta.id, range);
    if (!read) throw blobNotFound(meta.id);
    if (range) {
      headers.set('Content-Range', `bytes ${range.start}-${range.end}/${meta.size}`);
      headers.set('Content-Length', String(range.end - range.start + 1));
    } else {
      headers.set('Content-Length', String(meta.size));
    }
    const body = c.req.method === 'HEAD' ? null : read.stream;
    if (body === null) await read.stream.cancel();
    return new Response(body, { status: range ? 206 : 200, headers });
  });
  return app;
}
