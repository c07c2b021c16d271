import { Hono } from 'hono';
import { attachmentDisposition } from '../blobs/filename.ts';
import { isSafeInline, parseMediaType } from '../blobs/media-type.ts';
import type { BlobMeta } from '../schemas.ts';
import type { StoreService } from '../service.ts';
import { answerRange } from './byte-ranges.ts';
import { ifRangeHolds, noneMatchHits } from './entity-tags.ts';
import { blobNotFound } from './not-found.ts';

const CACHE_CONTROL = 'private, max-age=0, must-revalidate';

/**
 * The headers of the blob itself. Whether it is shown inline is decided on its normalized type
 * (`TEXT/HTML; x=1` is `text/html`) against the types safe to show; a type stored before types
 * were checked that is not a valid one is served as bytes to download. A blob with a file name is
 * always a download under that name; one without is shown inline when safe, else saved as its id.
 */
function contentHeaders(meta: BlobMeta): Headers {
  const type = parseMediaType(meta.mime);
  const headers = new Headers({
    'Content-Type': type ? meta.mime : 'application/octet-stream',
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
  });
  if (meta.filename !== null) headers.set('Content-Disposition', attachmentDisposition(meta.filename));
  else if (!type || !isSafeInline(type.essence)) headers.set('Content-Disposition', `attachment; filename="${meta.id}"`);
  return headers;
}

/** `GET /store/blobs/:id` (and HEAD): the bytes with their type, a sha256 ETag, conditional requests and byte ranges (RFC 9110). */
export function blobDownloadRoutes(store: () => StoreService): Hono {
  const app = new Hono();
  app.get('/store/blobs/:id', async (c) => {
    const blobs = store().blobs;
    const meta = await blobs.getMeta(c.req.param('id'));
    if (!meta) throw blobNotFound(c.req.param('id'));
    const etag = `"${meta.sha256}"`;
    // A 304 says "your copy is current": it carries what identifies the copy and how to cache it, no content headers.
    if (noneMatchHits(c.req.header('If-None-Match'), etag)) {
      return new Response(null, { status: 304, headers: { ETag: etag, 'Cache-Control': CACHE_CONTROL } });
    }
    const answer = ifRangeHolds(c.req.header('If-Range'), etag) ? answerRange(c.req.header('Range'), meta.size) : { kind: 'whole' as const };
    if (answer.kind === 'unsatisfiable') {
      return new Response(null, {
        status: 416,
        headers: { 'Content-Range': `bytes */${meta.size}`, 'Accept-Ranges': 'bytes', 'Cache-Control': CACHE_CONTROL },
      });
    }
    const range = answer.kind === 'part' ? answer.range : undefined;
    const read = await blobs.get(meta.id, range);
    if (!read) throw blobNotFound(meta.id);
    const headers = contentHeaders(meta);
    headers.set('ETag', etag);
    headers.set('Accept-Ranges', 'bytes');
    headers.set('Cache-Control', CACHE_CONTROL);
    headers.set('Content-Length', String(range ? range.end - range.start + 1 : meta.size));
    if (range) headers.set('Content-Range', `bytes ${range.start}-${range.end}/${meta.size}`);
    const body = c.req.method === 'HEAD' ? null : read.stream;
    if (body === null) await read.stream.cancel();
    return new Response(body, { status: range ? 206 : 200, headers });
  });
  return app;
}
