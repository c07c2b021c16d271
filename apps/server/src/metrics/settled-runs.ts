import type { Engine, RunRecord } from '@pattern/core';

/** Calls `listener` with the whole record of every run as it settles, node traces included; returns the unsubscribe. */
export function onSettledRuns(engine: Engine, listener: (record: RunRecord) => void): () => void {
  return engine.subscribe((event) => {
    if (event.type === 'settled') listener(event.run);
  });
}
