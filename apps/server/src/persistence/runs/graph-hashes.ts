import type { RunRecord } from '@pattern/core';
import { sha256 } from '@pattern/core';

export type Graph = NonNullable<RunRecord['graph']>;

/**
 * Run stores keep each distinct graph once, by hash. A plan hands every run the same graph
 * object, so a graph is serialized and hashed once per plan, not once per run.
 */
export class GraphHashes {
  private readonly byGraph = new WeakMap<object, string>();
  private readonly written = new Set<string>();

  /** The graph's hash, and its text when it has not been written yet (call `markWritten` once it is). */
  key(graph: Graph): { hash: string; text: string | undefined } {
    const known = this.byGraph.get(graph);
    // Known but not written: its write was rolled back, or pruning removed it; it is written again.
    if (known && this.written.has(known)) return { hash: known, text: undefined };
    const text = JSON.stringify(graph);
    const hash = sha256(text);
    this.byGraph.set(graph, hash);
    return { hash, text: this.written.has(hash) ? undefined : text };
  }

  markWritten(hash: string): void {
    this.written.add(hash);
  }

  /** After old runs and their graphs were pruned, or a write of graphs was rolled back. */
  forget(): void {
    this.written.clear();
  }
}
