import type { RunRecord } from './record.ts';

/** A workflow's `history` setting; unset is `all`. */
export type HistoryMode = 'all' | 'errors' | 'none';

/**
 * Whether history records a run when it starts (so that a crash leaves it to settle as
 * interrupted). Under `none` it does not: a successful run leaves nothing to write, and an answer
 * never waits for a commit that is not going to happen.
 */
export function recordsStart(mode: HistoryMode | undefined): boolean {
  return mode !== 'none';
}

/**
 * What history keeps of a settled run: under `all` the whole record; under `errors` a failed or
 * cancelled run whole and a successful one as its summary; under `none` a failed or cancelled run
 * as its summary and a successful one not at all (undefined), unless the run is durable: its
 * summary then replaces the record of it running, which a crash would otherwise take up again.
 */
export function keptRecord(record: RunRecord, mode: HistoryMode | undefined, durable = false): RunRecord | undefined {
  if (mode === undefined || mode === 'all') return record;
  if (record.status === 'ok') return mode === 'errors' || durable ? summaryOnly(record, mode) : undefined;
  return mode === 'errors' ? record : summaryOnly(record, mode);
}

/** Who ran what, how and when it ended: no traces, graph or output, and `input` null, for those are what cost to keep. */
function summaryOnly(record: RunRecord, mode: 'errors' | 'none'): RunRecord {
  const { nodes: _nodes, graph: _graph, input: _input, output: _output, ...summary } = record;
  return { ...summary, input: null, nodes: {}, tracesDropped: mode };
}
