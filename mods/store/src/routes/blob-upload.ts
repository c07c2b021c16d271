import { answers, PatternError } from '@pattern/core';
import { Hono } from 'hono';
import { checkFilename } from '../blobs/filename.ts';
import { checkMediaType, parseMediaType } from '../blobs/media-type.ts';
import { type BlobMeta, BlobMetaSchema } from '../schemas.ts';
import type { StoreService } from '../service.ts';
import { readFormFile } from './form-file.ts';

/** What a form's boundaries and part headers may add to the file itself. */
const FORM_OVERHEAD_BYTES = 64 * 1024;

function tooLarge(maxBytes: number): PatternError {
  return new PatternError('too_large', `The blob is larger than the limit of ${maxBytes} bytes`, { field: 'body', maxBytes });
}

/**
 * `POST /api/store/blobs`: the raw body (its `Content-Type` is the blob's), or a
 * `multipart/form-data` form with the file in a field named `file`. The blob's file name is the
 * `filename` query parameter, else the form part's `filename`. Both are streamed to storage
 * as they arrive: past `maxBlobBytes` the upload stops at once with 413 and nothing is kept,
 * whether or not the request said its length.
 */
export function blobUploadRoutes(store: () => StoreService): Hono {
  const app = new Hono();
  app.post('/api/store/blobs', answers(BlobMetaSchema, 201), async (c) => {
    const blobs = store().blobs;
    const header = c.req.header('Content-Type');
    const type = header === undefined ? undefined : parseMediaType(checkMediaType(header, 'Content-Type'));
    const form = type?.essence === 'multipart/form-data';
    const length = Number(c.req.header('Content-Length'));
    if (Number.isFinite(length) && length > blobs.maxBytes + (form ? FORM_OVERHEAD_BYTES : 0)) throw tooLarge(blobs.maxBytes);
    const filename = c.req.query('filename');
    // Checked before the body is read: a bad name keeps nothing.
    if (filename !== undefined) checkFilename(filename, 'filename');
    const body = c.req.raw.body ?? new Blob([]).stream();
    if (!form) return c.json(await blobs.put(body, { mime: header, filename }), 201);
    return c.json(await putFormFile(store(), body, type?.params.get('boundary'), filename), 201);
  });
  return app;
}

async function putFormFile(
  store: StoreService,
  body: ReadableStream<Uint8Array>,
  boundary: string | undefined,
  filename: string | undefined,
): Promise<BlobMeta> {
  if (boundary === undefined || !/^[ -~]{1,70}$/.test(boundary)) {
    throw new PatternError('bad_request', 'The body is not a valid multipart form: its Content-Type needs a boundary of 1 to 70 characters', {
      field: 'body',
    });
  }
  const blobs = store.blobs;
  const reading = await readFormFile(body, boundary, blobs.maxBytes + FORM_OVERHEAD_BYTES, () => tooLarge(blobs.maxBytes));
  let meta: BlobMeta;
  try {
    meta = await blobs.put(reading.file.chunks, { mime: reading.file.mime, filename: filename ?? reading.file.filename });
  } catch (error) {
    reading.abandon(error);
    throw error;
  }
  try {
    await reading.complete;
  } catch (error) {
    // The file arrived whole but the form around it did not: nothing of a failed upload is kept.
    await blobs.delete(meta.id);
    throw error;
  }
  return meta;
}
