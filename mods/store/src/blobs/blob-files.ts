import { createHash } from 'node:crypto';
import { createReadStream, mkdirSync } from 'node:fs';
import { open, readdir, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { type BlobBytes, tooLarge } from './blob-bytes.ts';

const TEMP_PREFIX = '.incoming-';

/**
 * The blob files: one file per blob id (a ULID the store makes, never a caller's path). A blob is
 * streamed to a temporary file and renamed into place only once complete, so a reader never sees
 * half a file and a crash leaves only files the start-up sweep recognises.
 */
export class BlobFiles implements BlobBytes {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
    mkdirSync(dir, { recursive: true });
  }

  path(id: string): string {
    return join(this.dir, id);
  }

  /** Streams the chunks to the blob's file; over `maxBytes` it stops, removes what it wrote and fails with `too_large`. */
  async write(id: string, chunks: AsyncIterable<Uint8Array>, maxBytes: number): Promise<{ size: number; sha256: string }> {
    const temp = join(this.dir, `${TEMP_PREFIX}${id}`);
    const hash = createHash('sha256');
    const file = await open(temp, 'wx');
    let size = 0;
    try {
      for await (const chunk of chunks) {
        size += chunk.byteLength;
        if (size > maxBytes) throw tooLarge(maxBytes);
        hash.update(chunk);
        await file.write(chunk);
      }
    } catch (error) {
      await file.close();
      await unlink(temp).catch(() => undefined);
      throw error;
    }
    await file.close();
    await rename(temp, this.path(id));
    return { size, sha256: hash.digest('hex') };
  }

  read(id: string, size: number, range?: { start: number; end: number }): ReadableStream<Uint8Array> {
    if (size === 0) return new Blob([]).stream();
    const stream = createReadStream(this.path(id), range ? { start: range.start, end: range.end } : {});
    return Readable.toWeb(stream) as ReadableStream<Uint8Array>;
  }

  async remove(id: string): Promise<void> {
    await unlink(this.path(id)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }

  async storedIds(): Promise<string[]> {
    return (await readdir(this.dir)).sort();
  }

  /** Removes files a crash left behind: unfinished uploads and files whose row was never written or was deleted. */
  async sweep(hasRow: (id: string) => Promise<boolean>): Promise<number> {
    let removed = 0;
    for (const name of await readdir(this.dir)) {
      if (name.startsWith(TEMP_PREFIX) || !(await hasRow(name))) {
        await unlink(join(this.dir, name)).catch(() => undefined);
        removed++;
      }
    }
    return removed;
  }
}
