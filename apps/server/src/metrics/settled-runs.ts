import type { Engine, RunRecord } from '@pattern/core';

/**
 * Calls `listener` with the full record of every run as it settles, node traces included (the
 * engine's `settled` event carries only the summary). Costs one promise per run, and nothing on
 * the engine's hot path; returns the unsubscribe.
 */
export function onSettledRuns(engine: Engine, listener: (record: RunRecord) => void): () => void {
  return engine.subscribe((event) => {
    if (event.type !== 'started') return;
    engine.activeRun(event.run.id)?.done.then(listener, () => {});
  });
}
