import { randomFillSync } from 'node:crypto';
import { monotonicFactory } from 'ulid';

/**
 * Run ids: monotonic ULIDs (history sorts by id), with randomness drawn from a pooled buffer
 * of crypto bytes instead of one system call per character.
 */
export function runIdFactory(): () => string {
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
