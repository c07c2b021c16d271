import { PatternError } from '@pattern/core';

/** What a blob can be made of: bytes, a web or Node stream, a `data:` URL, or text. */
export type BlobSource = Uint8Array | ArrayBuffer | string | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

export interface OpenedSource {
  chunks: AsyncIterable<Uint8Array>;
  /** The type the source itself declares (a data URL's), if any. */
  mime: string | undefined;
  /** The size, when known before reading. */
  size: number | undefined;
}

const DATA_URL = /^data:([^,;]*(?:;[^,;=]+=[^,;]*)*)?(;base64)?,/i;

export function openSource(source: BlobSource): OpenedSource {
  if (typeof source === 'string') {
    const match = DATA_URL.exec(source);
    if (match) {
      const body = source.slice(match[0].length);
      const bytes = match[2] ? Buffer.from(body, 'base64') : Buffer.from(decodeURIComponent(body), 'utf8');
      return single(bytes, match[1] || 'text/plain;charset=US-ASCII');
    }
    return single(Buffer.from(source, 'utf8'), 'text/plain;charset=utf-8');
  }
  if (source instanceof Uint8Array) return single(source, undefined);
  if (source instanceof ArrayBuffer) return single(new Uint8Array(source), undefined);
  if (typeof (source as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] === 'function') {
    return { chunks: source as AsyncIterable<Uint8Array>, mime: undefined, size: undefined };
  }
  throw new PatternError('validation_failed', 'A blob is made of bytes, a stream, a data: URL or text', { field: 'data' });
}

function single(bytes: Uint8Array, mime: string | undefined): OpenedSource {
  return {
    chunks: (async function* () {
      yield bytes;
    })(),
    mime,
    size: bytes.byteLength,
  };
}
