import { createHash } from 'node:crypto';
import { named, type Pool } from '@pattern/postgres';
import { type BlobBytes, tooLarge } from '../blobs/blob-bytes.ts';

/** Every chunk but a blob's last holds exactly this much, so a byte offset names its chunk. */
export const CHUNK_BYTES = 256 * 1024;
/** Chunks read per query when streaming out. */
const CHUNKS_PER_READ = 4;
/**
 * Chunks without a metadata row older than this are leftovers of a crash. Younger ones may be an
 * upload still under way on another server, so the sweep leaves them.
 */
const ORPHAN_AGE = '1 day';

const SQL = {
  insert: 'INSERT INTO store_blob_chunks (blob_id, seq, bytes) VALUES ($1, $2, $3)',
  read: 'SELECT seq, bytes FROM store_blob_chunks WHERE blob_id = $1 AND seq >= $2 AND seq <= $3 ORDER BY seq LIMIT $4',
  remove: 'DELETE FROM store_blob_chunks WHERE blob_id = $1',
  sweep: `WITH gone AS (
      DELETE FROM store_blob_chunks c WHERE c.written_at < now() - interval '${ORPHAN_AGE}'
      AND NOT EXISTS (SELECT 1 FROM store_blobs b WHERE b.id = c.blob_id) RETURNING blob_id)
    SELECT COUNT(DISTINCT blob_id) AS n FROM gone`,
  ids: 'SELECT DISTINCT blob_id FROM store_blob_chunks ORDER BY blob_id',
};

/**
 * Blob bytes in PostgreSQL, in fixed-size `bytea` chunks, so every server on the database serves
 * every blob. Bytes stream in a chunk at a time (one row each, committed as it goes, so a slow
 * upload holds no connection) and out a few chunks per query, so a large blob is never whole in
 * memory. The metadata row, written after the last chunk, is what makes a blob exist.
 */
export class PostgresBlobBytes implements BlobBytes {
  private readonly pool: Pool;

  constructor(pool: Pool) {
    this.pool = pool;
  }

  async write(id: string, chunks: AsyncIterable<Uint8Array>, maxBytes: number): Promise<{ size: number; sha256: string }> {
    const hash = createHash('sha256');
    let size = 0;
    let seq = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async (bytes: Buffer) => {
      await this.pool.query(named(SQL.insert, [id, seq, bytes]));
      seq++;
    };
    try {
      for await (const chunk of chunks) {
        size += chunk.byteLength;
        if (size > maxBytes) throw tooLarge(maxBytes);
        hash.update(chunk);
        // A copy: a source may reuse its buffer once the next chunk is asked for.
        pending.push(Buffer.from(chunk));
        pendingBytes += chunk.byteLength;
        while (pendingBytes >= CHUNK_BYTES) {
          const joined = Buffer.concat(pending, pendingBytes);
          await flush(joined.subarray(0, CHUNK_BYTES));
          pending = [joined.subarray(CHUNK_BYTES)];
          pendingBytes -= CHUNK_BYTES;
        }
      }
      if (pendingBytes > 0) await flush(Buffer.concat(pending, pendingBytes));
    } catch (error) {
      await this.remove(id);
      throw error;
    }
    return { size, sha256: hash.digest('hex') };
  }

  read(id: string, size: number, range?: { start: number; end: number }): ReadableStream<Uint8Array> {
    const start = range?.start ?? 0;
    const end = range?.end ?? size - 1;
    let next = Math.floor(start / CHUNK_BYTES);
    const last = Math.floor(end / CHUNK_BYTES);
    const pool = this.pool;
    return new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (size === 0 || next > last) {
          controller.close();
          return;
        }
        const { rows } = await pool.query<{ seq: number; bytes: Buffer }>(named(SQL.read, [id, next, last, CHUNKS_PER_READ]));
        if (rows[0]?.seq !== next) {
          controller.error(new Error(`The bytes of blob ${id} are gone (deleted while being read)`));
          return;
        }
        for (const row of rows) {
          if (row.seq !== next) break;
          const offset = row.seq * CHUNK_BYTES;
          const from = Math.max(start - offset, 0);
          const to = Math.min(end - offset + 1, row.bytes.byteLength);
          controller.enqueue(new Uint8Array(row.bytes.buffer, row.bytes.byteOffset + from, to - from));
          next = row.seq + 1;
        }
      },
    });
  }

  async remove(id: string): Promise<void> {
    await this.pool.query(named(SQL.remove, [id]));
  }

  /** Removes old chunks that no metadata row claims; the check is one statement, so `hasRow` is not needed. */
  async sweep(): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>(SQL.sweep);
    return Number(rows[0]?.n ?? 0);
  }

  async storedIds(): Promise<string[]> {
    return (await this.pool.query<{ blob_id: string }>(SQL.ids)).rows.map((row) => row.blob_id);
  }
}
