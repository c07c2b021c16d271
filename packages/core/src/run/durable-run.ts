import type { LeftChildren } from './left-children.ts';
import type { RunRecord } from './record.ts';
import { Run, type RunHost, type RunParams } from './run.ts';

/**
 * A durable run taken up again after a crash: the record the crash left, the nodes whose recorded
 * outcome it reuses, and the child runs it had started, for its nodes that run again to find.
 */
export interface Recovery {
  readonly record: RunRecord;
  readonly reused: ReadonlySet<string>;
  readonly children?: LeftChildren;
}

/**
 * A run of a `durable` workflow. After every wave of nodes that settle together (before the
 * event loop turns) it hands its record to `checkpoint`, and history's group commit makes that
 * one write per wave, not one sync per node; a run that settles within one turn pays nothing. A recovered run keeps the crashed run's start, and shows the reused nodes as they
 * were recorded when they ran.
 */
export class DurableRun extends Run {
  private readonly recovery: Recovery | undefined;
  private readonly checkpoint: (record: RunRecord) => Promise<void>;
  private checkpointDue = false;
  private writing = false;
  /** Nodes settled while the last record was being committed: they go in the next one. */
  private unwritten = false;
  /** Set once the run is suspended: its record as it stood then, still `running`. */
  suspendedRecord: RunRecord | undefined;

  constructor(host: RunHost, params: RunParams, checkpoint: (record: RunRecord) => Promise<void>, recovery?: Recovery) {
    super(host, params);
    this.checkpoint = checkpoint;
    this.recovery = recovery;
    this.subscribe((event) => {
      if (event.type === 'node' && event.status !== 'running' && event.status !== 'pending') this.dueCheckpoint();
    });
  }

  private dueCheckpoint(): void {
    if (this.checkpointDue) return;
    this.checkpointDue = true;
    // Once the event loop turns: every node that settles before then (a synchronous op, a store
    // write that resolved at once) lands in the same record, and a run that settles first needs none.
    setImmediate(() => {
      this.checkpointDue = false;
      this.writeCheckpoint();
    });
  }

  /** One record in commit at a time: the waves that settle meanwhile ride the next commit together. */
  private writeCheckpoint(): void {
    // The settle writes the final record itself.
    if (this.status !== 'running') return;
    if (this.writing) {
      this.unwritten = true;
      return;
    }
    this.writing = true;
    this.checkpoint(this.toRecord()).then(() => {
      this.writing = false;
      if (!this.unwritten) return;
      this.unwritten = false;
      this.writeCheckpoint();
    });
  }

  get leftChildren(): LeftChildren | undefined {
    return this.recovery?.children;
  }

  /**
   * Stops the run without settling it, for a later start to take up: its record stays as it
   * stood (`running`, its settled nodes kept), and what still runs is stopped as a cancel stops
   * it. The engine saves that record in place of the cancelled one, and runs no hooks for it.
   */
  suspend(reason: string): void {
    if (this.status !== 'running') return;
    this.suspendedRecord = this.toRecord();
    this.cancel(reason, 'shutdown');
  }

  override toRecord(withNodes = true): RunRecord {
    const record = super.toRecord(withNodes);
    record.durable = true;
    const { onError, history } = this.plan.workflow;
    record.settings = { ...(onError !== undefined ? { onError } : {}), ...(history !== undefined ? { history } : {}) };
    if (this.parent?.childKey !== undefined) record.childKey = this.parent.childKey;
    return this.recovery ? recoveredRecord(record, this.recovery) : record;
  }
}

/**
 * The record of a recovered run: started when the crashed run started, one recovery more, and the
 * reused nodes' traces as they ran (kept even in the record written at start, so a second crash
 * loses none of them).
 */
export function recoveredRecord(record: RunRecord, recovery: Recovery): RunRecord {
  const before = recovery.record;
  const nodes = { ...record.nodes };
  for (const id of recovery.reused) {
    const trace = before.nodes[id];
    if (trace) nodes[id] = trace;
  }
  const out: RunRecord = { ...record, startedAt: before.startedAt, nodes, recoveries: (before.recoveries ?? 0) + 1 };
  if (out.endedAt !== undefined) out.durationMs = Date.parse(out.endedAt) - Date.parse(before.startedAt);
  return out;
}
