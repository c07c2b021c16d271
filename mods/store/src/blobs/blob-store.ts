import { PatternError, parseInput, ulidFactory } from '@pattern/core';
import { z } from 'zod';
import type { StoreDriver } from '../drivers/driver.ts';
import { type BlobMeta, refuseNul } from '../schemas.ts';
import { type BlobBytes, tooLarge } from './blob-bytes.ts';
import { BlobFiles } from './blob-files.ts';
import { type BlobSource, openSource } from './blob-source.ts';
import { checkFilename } from './filename.ts';
import { checkMediaType } from './media-type.ts';

/** Ids that increase within the process, so id order is creation order even within one millisecond. */
const nextId = ulidFactory();

export interface BlobPutOptions {
  mime?: string | undefined;
  ownerId?: string | undefined;
  /** What a download is saved as; see `checkFilename`. */
  filename?: string | undefined;
}

export interface BlobRead {
  meta: BlobMeta;
  stream: ReadableStream<Uint8Array>;
}

const PutOptionsSchema = z.object({
  mime: z.string().optional(),
  ownerId: z.string().max(500).optional(),
  filename: z.string().optional(),
});

const MAX_LIST = 1000;

/** Blobs: bytes in files under the blob folder or in the driver's storage, their metadata through the driver. */
export class BlobStore {
  /** Where the bytes live. */
  readonly storage: BlobBytes;
  private readonly driver: StoreDriver;
  private readonly now: () => number;
  readonly maxBytes: number;

  /** The folder of blob files; undefined when the driver keeps the bytes. */
  get dir(): string | undefined {
    return this.storage instanceof BlobFiles ? this.storage.dir : undefined;
  }

  constructor(driver: StoreDriver, bytes: BlobBytes, maxBytes: number, now: () => number) {
    this.driver = driver;
    this.storage = bytes;
    this.maxBytes = maxBytes;
    this.now = now;
  }

  async put(source: BlobSource, options: BlobPutOptions = {}): Promise<BlobMeta> {
    const { mime, ownerId, filename } = parseInput(PutOptionsSchema, options, 'blob', { whole: true });
    if (mime !== undefined) checkMediaType(mime, 'mime');
    if (filename !== undefined) checkFilename(filename, 'filename');
    refuseNul(ownerId, 'ownerId');
    const opened = openSource(source);
    if (opened.size !== undefined && opened.size > this.maxBytes) throw tooLarge(this.maxBytes);
    const id = nextId();
    const { size, sha256 } = await this.storage.write(id, opened.chunks, this.maxBytes);
    const meta: BlobMeta = {
      id,
      mime: mime ?? opened.mime ?? 'application/octet-stream',
      size,
      sha256,
      ownerId: ownerId ?? null,
      filename: filename ?? null,
      createdAt: new Date(this.now()).toISOString(),
    };
    try {
      await this.driver.insertBlob(meta);
    } catch (error) {
      await this.storage.remove(id);
      throw error;
    }
    return meta;
  }

  async getMeta(id: string): Promise<BlobMeta | undefined> {
    refuseNul(id, 'id');
    return this.driver.getBlob(id);
  }

  /** The blob's bytes as a stream; `range` is inclusive, as in HTTP. */
  async get(id: string, range?: { start: number; end: number }): Promise<BlobRead | undefined> {
    const meta = await this.getMeta(id);
    if (!meta) return undefined;
    if (range && (range.start < 0 || range.end < range.start || range.end >= meta.size)) {
      throw new PatternError('bad_request', `The range ${range.start}-${range.end} is outside the blob's ${meta.size} bytes`, { field: 'range' });
    }
    return { meta, stream: this.storage.read(id, meta.size, range) };
  }

  /** The whole blob in memory: for ops, whose values travel as JSON. */
  async bytes(id: string): Promise<{ meta: BlobMeta; bytes: Buffer } | undefined> {
    const read = await this.get(id);
    if (!read) return undefined;
    const chunks: Uint8Array[] = [];
    for await (const chunk of read.stream) chunks.push(chunk);
    return { meta: read.meta, bytes: Buffer.concat(chunks) };
  }

  /** The row goes first: a crash in between leaves a file the start-up sweep removes, never a row without bytes. */
  async delete(id: string): Promise<boolean> {
    refuseNul(id, 'id');
    const deleted = await this.driver.deleteBlob(id);
    if (deleted) await this.storage.remove(id);
    return deleted;
  }

  async list(options: { limit?: number | undefined; cursor?: string | undefined } = {}): Promise<{ blobs: BlobMeta[]; next: string | null }> {
    const limit = Math.min(Math.max(options.limit ?? 50, 1), MAX_LIST);
    refuseNul(options.cursor, 'cursor');
    const page = await this.driver.listBlobs(limit + 1, options.cursor);
    const blobs = page.slice(0, limit);
    return { blobs, next: page.length > limit ? (blobs[blobs.length - 1]?.id ?? null) : null };
  }

  /** Removes blob files that have no row; run at start-up. */
  sweep(): Promise<number> {
    return this.storage.sweep(async (id) => (await this.driver.getBlob(id)) !== undefined);
  }
}
