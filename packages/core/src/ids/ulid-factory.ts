import { randomFillSync } from 'node:crypto';
import { monotonicFactory } from 'ulid';

/**
 * Monotonic ULIDs (sorting by id sorts by time made) for runs, documents, blobs and events, with
 * randomness drawn from a pooled buffer of crypto bytes. `ulid`'s own source asks WebCrypto for one
 * byte per character, sixteen calls and some 30 µs for the first id of every millisecond.
 */
export function ulidFactory(): () => string {
  const pool = new Uint32Array(1024);
  let next = pool.length;
  const random = () => {
    if (next === pool.length) {
      randomFillSync(pool);
      next = 0;
    }
    return (pool[next++] as number) / 0x1_0000_0000;
  };
  return monotonicFactory(random);
}
