import { PatternError } from '@pattern/core';

/**
 * Where blob bytes live: files in a folder on one machine, or rows in PostgreSQL for several
 * servers. Bytes are written before their metadata row and removed after it, so a row never
 * points at missing bytes; what a crash leaves without a row is found by `sweep`.
 */
export interface BlobBytes {
  /** Streams the chunks in; over `maxBytes` it stops, removes what it wrote and fails with `too_large`. */
  write(id: string, chunks: AsyncIterable<Uint8Array>, maxBytes: number): Promise<{ size: number; sha256: string }>;
  /** The bytes of a blob of `size` bytes; `range` is inclusive, as in HTTP. */
  read(id: string, size: number, range?: { start: number; end: number }): ReadableStream<Uint8Array>;
  remove(id: string): Promise<void>;
  /** Removes bytes that have no metadata row (left by a crash); returns how many blobs' bytes went. */
  sweep(hasRow: (id: string) => Promise<boolean>): Promise<number>;
  /** The ids whose bytes are stored, complete or not: what tests and the sweep look at. */
  storedIds(): Promise<string[]>;
}

export function tooLarge(maxBytes: number): PatternError {
  return new PatternError('too_large', `The blob is larger than the limit of ${maxBytes} bytes`, { field: 'data', maxBytes });
}
