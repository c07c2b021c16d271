import { wholeValue } from './durable-recovery.ts';
import type { RunRecord, RunSummary } from './record.ts';
import { MAX_RUN_PAGE, type RunStore } from './run-store.ts';

/**
 * What a durable run's node, run again after a stop, finds at a child's place: a child that ended
 * `ok` answers from its record, one the stop left `running` is taken up under its own id.
 */
export type LeftChild = { kind: 'ok'; record: RunRecord } | { kind: 'running'; record: RunRecord };

const placeOf = (nodeId: string, key: string) => `${nodeId}\u0000${key}`;

/**
 * The child runs a durable run had started before the stop it is taken up after, by the node and
 * place that started each. History is read once, when the first node asks; each child is handed
 * out once, and those left `running` that no node takes up are settled when the run settles.
 */
export class LeftChildren {
  private loaded: Promise<Map<string, LeftChild>> | undefined;
  private readonly running: Map<string, RunRecord>;

  /** `running`: the children recorded as running the stop left, with their traces, as start-up found them. */
  constructor(
    private readonly parentId: string,
    private readonly runs: RunStore,
    running: readonly RunRecord[],
  ) {
    this.running = new Map(running.map((record) => [record.id, record]));
  }

  async take(nodeId: string, key: string): Promise<LeftChild | undefined> {
    const places = await (this.loaded ??= this.load());
    const place = placeOf(nodeId, key);
    const child = places.get(place);
    if (!child) return undefined;
    places.delete(place);
    if (child.kind === 'running') this.running.delete(child.record.id);
    return child;
  }

  /** The children left running that no node took up. */
  untaken(): RunRecord[] {
    const left = [...this.running.values()];
    this.running.clear();
    return left;
  }

  private async load(): Promise<Map<string, LeftChild>> {
    const places = new Map<string, LeftChild>();
    for (const record of this.running.values()) {
      if (record.parentNodeId !== undefined && record.childKey !== undefined)
        places.set(placeOf(record.parentNodeId, record.childKey), { kind: 'running', record });
    }
    let cursor: string | undefined;
    do {
      const page = await this.runs.list({ parentRunId: this.parentId, status: 'ok', limit: MAX_RUN_PAGE, ...(cursor ? { cursor } : {}) });
      for (const summary of page.runs) {
        if (summary.parentNodeId === undefined || summary.childKey === undefined || !answers(summary)) continue;
        // An `ok` child answers over one left running at the same place (a repeat of it), and the newest `ok` over an older one.
        const place = placeOf(summary.parentNodeId, summary.childKey);
        if (places.get(place)?.kind !== 'ok') places.set(place, { kind: 'ok', record: { ...summary, nodes: {} } });
      }
      cursor = page.next ?? undefined;
    } while (cursor !== undefined);
    return places;
  }
}

/** A settled child answers from its record only when history kept its output, and whole (not under `history: errors` or `none`). */
function answers(summary: RunSummary): boolean {
  return summary.tracesDropped === undefined && wholeValue(summary.output);
}
