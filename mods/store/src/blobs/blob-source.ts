import { PatternError } from '@pattern/core';
import { isDataUrl, parseDataUrl } from './data-url.ts';

/** What a blob can be made of: bytes, a web or Node stream, a `data:` URL, or text. */
export type BlobSource = Uint8Array | ArrayBuffer | string | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

export interface OpenedSource {
  chunks: AsyncIterable<Uint8Array>;
  /** The type the source itself declares (a data URL's), if any. */
  mime: string | undefined;
  /** The size, when known before reading. */
  size: number | undefined;
}

/** Text starting with `data:` is a data URL and must be a valid one; any other text, a leading space included, is text. */
export function openSource(source: BlobSource): OpenedSource {
  if (typeof source === 'string') {
    if (!isDataUrl(source)) return single(Buffer.from(source, 'utf8'), 'text/plain;charset=utf-8');
    const { mime, bytes } = parseDataUrl(source);
    return single(bytes, mime);
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
