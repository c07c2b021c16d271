import { PatternError } from '@pattern/core';
import type { Checkpoint, ConsumerClaim } from './driver.ts';

/**
 * Claims for a store only this process follows (memory, a SQLite file): a set of the names held,
 * which keeps two consumers of one name in this process from handling the same events.
 */
export function localClaims(setCheckpoint: (checkpoint: Checkpoint) => Promise<void>): (name: string) => ConsumerClaim {
  const holders = new Set<string>();
  return (name) => {
    let held = false;
    return {
      get held() {
        return held;
      },
      async acquire() {
        if (held) return true;
        if (holders.has(name)) return false;
        holders.add(name);
        held = true;
        return true;
      },
      async saveCheckpoint(checkpoint) {
        if (!held) throw new PatternError('conflict', `The claim on ${name} is not held`, { name });
        await setCheckpoint(checkpoint);
      },
      async release() {
        if (!held) return;
        holders.delete(name);
        held = false;
      },
    };
  };
}
