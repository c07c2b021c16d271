import type { IncomingMessage } from 'node:http';
import { PatternError } from '@pattern/core';
import type { Context, MiddlewareHandler, Next } from 'hono';
import { errorResponse } from './errors.ts';

const BODILESS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface BodyLimitOptions {
  maxBytes: number;
  /** POST paths whose handler streams the body under a cap of its own (uploads). */
  streamed: ReadonlySet<string>;
}

/**
 * Caps request bodies without reading them when it can. A declared Content-Length is checked from
 * the header alone, before a byte is read: Node's parser then hands on exactly that many bytes,
 * so the route reads the body once, straight from the socket. A chunked body (no length known)
 * is counted as it streams and refused the moment it passes the cap; what was read is handed on.
 */
export function bodyLimit({ maxBytes, streamed }: BodyLimitOptions): MiddlewareHandler {
  // Not an async function: the requests that pass at once (most) cost no promise of their own.
  return (c, next) => {
    const method = c.req.method;
    if (BODILESS.has(method) || (method === 'POST' && streamed.has(c.req.path))) return next();
    const declared = c.req.header('content-length');
    const chunked = c.req.header('transfer-encoding') !== undefined;
    if (!chunked && declared !== undefined) return Number(declared) > maxBytes ? Promise.resolve(tooLarge(c, maxBytes)) : next();
    // Over HTTP/1.1 a request with neither header has no body; a Request built in-process may.
    if (!chunked && incomingOf(c)) return next();
    const body = c.req.raw.body;
    if (!body) return next();
    return readThenNext(c, body, maxBytes, next);
  };
}

/** A body of unknown length: read under the cap, then handed on as bytes. */
async function readThenNext(c: Context, body: ReadableStream<Uint8Array>, maxBytes: number, next: Next) {
  const bytes = await readCapped(body, maxBytes);
  if (!bytes) return tooLarge(c, maxBytes);
  c.req.raw = new Request(c.req.raw, { body: bytes });
  return next();
}

/**
 * The body as text, read once. A body that ends before its declared length (the client gave up
 * or lied) is the caller's fault, not the server's.
 */
export async function readBodyText(c: Context): Promise<string> {
  try {
    return await c.req.text();
  } catch (error) {
    throw new PatternError('bad_request', `The request body could not be read in full: ${(error as Error).message}`, { field: 'body' });
  }
}

function incomingOf(c: Context): IncomingMessage | undefined {
  return (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
}

/**
 * A refused body is not drained: it may be as long as the client likes, so the connection closes
 * after the answer instead of reading the rest as the next request.
 */
function tooLarge(c: Context, maxBytes: number): Response {
  c.header('Connection', 'close');
  return errorResponse(c, 413, 'too_large', `The request body is over the limit of ${maxBytes} bytes`, { limitBytes: maxBytes });
}

/** The whole stream, or undefined as soon as it passes `maxBytes` (the rest is left unread). */
async function readCapped(stream: ReadableStream<Uint8Array>, maxBytes: number): Promise<Uint8Array<ArrayBuffer> | undefined> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > maxBytes) {
        reader.cancel().catch(() => {});
        return undefined;
      }
      chunks.push(value);
    }
  } catch (error) {
    throw new PatternError('bad_request', `The request body could not be read in full: ${(error as Error).message}`, { field: 'body' });
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}
