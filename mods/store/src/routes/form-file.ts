import type { Readable } from 'node:stream';
import { Dicer } from '@fastify/busboy';
import { PatternError } from '@pattern/core';
import { checkFilename } from '../blobs/filename.ts';
import { checkMediaType, parseParams } from '../blobs/media-type.ts';

/** The part of a form that carries the file, as it arrives. */
export interface FormFile {
  chunks: Readable;
  /** The part's `Content-Type`, checked; undefined when it has none. */
  mime: string | undefined;
  /** The part's `filename`, checked; undefined when it has none or an empty one (a form sent without a file chosen). */
  filename: string | undefined;
}

export interface FormReading {
  file: FormFile;
  /** Settles when the rest of the form has been read: rejects when the form turns out broken or too large. */
  complete: Promise<void>;
  /** Stops reading the body: what is left of it is not wanted. */
  abandon(reason: unknown): void;
}

/** Part headers are short; a form that sends more of them is not a form an upload needs. */
const MAX_HEADER_PAIRS = 32;

/**
 * Reads a `multipart/form-data` body as it arrives and hands over the part named `file` as a
 * stream before the rest of the body is read, so a large upload is never whole in memory.
 * Every other part is skipped. The whole body may not pass `maxBodyBytes`: past it, reading stops
 * and the form fails with `tooLarge()`. Resolves once the file part's headers are in; rejects with
 * `bad_request` when the body is not a form, has no `file` part, or that part's type is no media type.
 */
export function readFormFile(
  body: ReadableStream<Uint8Array>,
  boundary: string,
  maxBodyBytes: number,
  tooLarge: () => PatternError,
): Promise<FormReading> {
  const form = new Dicer({ boundary, maxHeaderPairs: MAX_HEADER_PAIRS });
  let fail: (error: unknown) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  failed.catch(() => undefined);
  let filePart: Readable | undefined;
  let stopped = false;
  const stop = (error: unknown) => {
    stopped = true;
    filePart?.destroy(error instanceof Error ? error : undefined);
    fail(error);
  };

  const found = new Promise<FormFile>((resolve) => {
    form.on('part', (part: Readable) => {
      // A part the body ends in the middle of errors; the form's own error reports it.
      part.on('error', () => undefined);
      part.on('header', (header: Record<string, string[] | undefined>) => {
        if (filePart !== undefined || fieldName(header['content-disposition']) !== 'file') {
          part.resume();
          return;
        }
        filePart = part;
        try {
          resolve({ chunks: part, mime: partType(header['content-type']), filename: partFilename(header['content-disposition']) });
        } catch (error) {
          stop(error);
        }
      });
    });
  });
  const finished = new Promise<void>((resolve) => form.on('finish', resolve));
  form.on('error', () => stop(notAForm()));
  form.on('finish', () => {
    if (filePart === undefined) stop(new PatternError('bad_request', 'Send the blob in a form field named "file"', { field: 'file' }));
  });

  // The form's closing boundary can come before the end of the body (an epilogue, the last chunk):
  // the upload is answered only once the whole body is read, so the client is never cut off mid-write.
  const bodyRead = (async () => {
    const reader = body.getReader();
    let received = 0;
    try {
      while (!stopped) {
        const { done, value } = await Promise.race([reader.read(), failed]);
        if (done) break;
        received += value.byteLength;
        if (received > maxBodyBytes) throw tooLarge();
        await Promise.race([write(form, value), failed]);
      }
      if (!stopped) form.end();
    } catch (error) {
      stop(error);
    } finally {
      reader.releaseLock();
    }
  })();

  const complete = Promise.race([Promise.all([finished, bodyRead]).then(() => undefined), failed]);
  // Awaited only once the file is stored; an upload that failed before leaves it unread.
  complete.catch(() => undefined);
  return Promise.race([found, failed]).then((file) => ({ file, complete, abandon: stop }));
}

function write(form: Dicer, chunk: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => form.write(chunk, (error) => (error ? reject(error) : resolve())));
}

/** The parameters of a `Content-Disposition: form-data; name="..."` part header. */
function dispositionParams(values: string[] | undefined): Map<string, string> | undefined {
  const value = values?.[0]?.trim();
  const type = value ? /^form-data(?=[ ;]|$)/i.exec(value) : null;
  if (!value || !type) return undefined;
  return parseParams(value.slice(type[0].length), { allowObsText: true });
}

function fieldName(values: string[] | undefined): string | undefined {
  return dispositionParams(values)?.get('name');
}

/** Browsers send the name as UTF-8 in the quoted string (RFC 7578 §4.2), which the header, read as Latin-1, shows byte by byte. */
function partFilename(values: string[] | undefined): string | undefined {
  const raw = dispositionParams(values)?.get('filename');
  if (raw === undefined || raw === '') return undefined;
  const decoded = new TextDecoder('utf-8', { fatal: false }).decode(Buffer.from(raw, 'latin1'));
  return checkFilename(decoded, 'filename');
}

function partType(values: string[] | undefined): string | undefined {
  if (values === undefined || values.length === 0) return undefined;
  const value = values.length === 1 ? (values[0] ?? '').trim() : '';
  try {
    return checkMediaType(value, 'file');
  } catch (error) {
    const message = error instanceof PatternError ? error.message.replace(/^file: /, '') : 'not a media type';
    throw new PatternError('bad_request', `The Content-Type of the form's "file" part: ${message}`, { field: 'file' });
  }
}

function notAForm(): PatternError {
  return new PatternError('bad_request', 'The body is not a valid multipart form', { field: 'body' });
}
