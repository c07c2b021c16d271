import { type Agent, request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { PatternError } from '@pattern/core';
import type { PinnedTarget } from './pinned-target.ts';

export interface Hop {
  url: URL;
  agent: Agent;
  method: string;
  headers: Record<string, string>;
  body: Buffer | undefined;
  target: PinnedTarget;
  signal: AbortSignal;
}

/** Sends one request to the pinned address and answers once the status and headers are in; the body is read separately. */
export function sendHop(hop: Hop): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const send = hop.url.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(hop.url, {
      method: hop.method,
      headers: hop.body ? { ...hop.headers, 'content-length': String(hop.body.length) } : hop.headers,
      lookup: hop.target.lookup,
      agent: hop.agent,
      signal: hop.signal,
    });
    request.once('response', resolve);
    request.once('error', (error) => reject(hop.signal.aborted ? hop.signal.reason : unreachable(hop.url, error)));
    request.end(hop.body);
  });
}

/** Reads an answer's body, decompressed, refusing it once it passes `maxBytes`. */
export async function readBody(response: IncomingMessage, maxBytes: number, url: URL, signal: AbortSignal): Promise<Buffer> {
  const declared = Number(response.headers['content-length']);
  const encoding = String(response.headers['content-encoding'] ?? '').toLowerCase();
  if (Number.isFinite(declared) && declared > maxBytes && (encoding === '' || encoding === 'identity')) {
    response.destroy();
    throw tooLarge(url, maxBytes);
  }
  const stream = decoded(response, encoding);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) throw tooLarge(url, maxBytes);
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    response.destroy();
    if (signal.aborted) throw signal.reason;
    if (error instanceof PatternError) throw error;
    throw unreachable(url, error as Error);
  } finally {
    if (stream !== response) stream.destroy();
  }
  return Buffer.concat(chunks, size);
}

function decoded(response: IncomingMessage, encoding: string): Readable {
  if (encoding === 'gzip' || encoding === 'x-gzip') return response.pipe(createGunzip());
  if (encoding === 'deflate') return response.pipe(createInflate());
  if (encoding === 'br') return response.pipe(createBrotliDecompress());
  return response;
}

function tooLarge(url: URL, maxBytes: number): PatternError {
  return new PatternError('too_large', `The answer from ${url.host} is larger than maxBytes (${maxBytes} bytes)`, { maxBytes });
}

function unreachable(url: URL, error: Error): PatternError {
  const code = (error as NodeJS.ErrnoException).code ?? null;
  return new PatternError('unreachable', `${url.host} could not be reached (${code ?? error.message})`, { host: url.host, cause: code });
}
