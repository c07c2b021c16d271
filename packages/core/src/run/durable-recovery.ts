import { PatternError } from '../errors.ts';
import { isTruncated } from '../json/truncate.ts';
import type { OpDefinition } from '../ops/define-op.ts';
import type { Plan, PlanNode } from '../workflow/compile.ts';
import type { Workflow } from '../workflow/schema.ts';
import type { ErrorValue, NodeTrace, RunRecord } from './record.ts';
import { replayed } from './resume.ts';
import { REDACTED } from './secrets.ts';

/**
 * Whether a run a crash left `running` is taken up again rather than settled `interrupted`: a
 * durable run whose history kept its graph and whole input. A child run is not taken up on its
 * own: the node of its parent that started it, run again, takes it up (`resumesWithParent`).
 */
export function resumesAfterCrash(record: RunRecord): boolean {
  return record.parentRunId === undefined && resumable(record);
}

/** Whether a child run a stop left `running` can be taken up by its parent's node, once that runs again. */
export function resumesWithParent(record: RunRecord): boolean {
  return record.parentRunId !== undefined && record.childKey !== undefined && resumable(record);
}

function resumable(record: RunRecord): boolean {
  return record.durable === true && record.graph !== undefined && !isTruncated(record.input);
}

/**
 * The document a recovered run compiles: the graph the crashed run ran, with the run-wide
 * settings (error workflow, history) it recorded, since the graph does not carry them. A record
 * written before runs recorded them takes those of the workflow as it is saved now.
 */
export function recoveryDocument(record: RunRecord, saved: Workflow | undefined): Record<string, unknown> {
  const settings = record.settings ?? { onError: saved?.onError, history: saved?.history };
  return {
    ...(record.workflowId !== undefined ? { id: record.workflowId } : {}),
    ...record.graph,
    ...(settings.onError !== undefined ? { onError: settings.onError } : {}),
    ...(settings.history !== undefined ? { history: settings.history } : {}),
    durable: true,
  };
}

function holds(value: unknown, test: (v: unknown) => boolean): boolean {
  if (test(value)) return true;
  if (value === null || typeof value !== 'object') return false;
  return Object.values(value).some((v) => holds(v, test));
}

const cutOrHidden = (v: unknown) => isTruncated(v) || (typeof v === 'string' && v.includes(REDACTED));

/** Whether a recorded value is the value itself: not cut short, and holding no secret recorded `[redacted]`. */
export function wholeValue(value: unknown): boolean {
  return !holds(value, cutOrHidden);
}

/**
 * How a node's recorded trace is taken up: `outputs` hands on what it output, `error` hands on
 * the error it emitted on its wired `error` port, `run` runs it (again). Only a settled node is
 * reused; one that was running when the server died runs again, as does one whose recorded
 * outputs were cut short or held a secret (recorded redacted, so not the value it handed on).
 */
export type NodeRecovery = { kind: 'outputs'; outputs: Record<string, unknown> } | { kind: 'error'; error: ErrorValue } | { kind: 'run' };

export function nodeRecovery(trace: NodeTrace | undefined, errorWired: boolean): NodeRecovery {
  if (trace?.status === 'ok') {
    const outputs = trace.outputs ?? {};
    return holds(outputs, cutOrHidden) ? { kind: 'run' } : { kind: 'outputs', outputs };
  }
  if (trace?.status === 'error' && errorWired && trace.error && !holds(trace.error, cutOrHidden)) {
    const { nodeId: _nodeId, ...error } = trace.error;
    return { kind: 'error', error };
  }
  return { kind: 'run' };
}

function replayedError(node: PlanNode, error: ErrorValue): PlanNode {
  const op: OpDefinition = {
    ...node.op,
    prepare: undefined,
    run: () => {
      throw new PatternError(error.code, error.message, error.details);
    },
  };
  const { secrets: _resolvedWhenItRan, ...rest } = node;
  return { ...rest, op };
}

/**
 * The plan of a recovered run: every node whose recorded outcome is reused replays it (and loses
 * its retry policy, for replaying is not an attempt), the rest run as planned.
 */
export function recoveredPlan(plan: Plan, record: RunRecord): { plan: Plan; reused: Set<string> } {
  const reused = new Set<string>();
  const nodes = plan.nodes.map((node) => {
    const recovery = nodeRecovery(record.nodes[node.id], node.errorWired);
    if (recovery.kind === 'run') return node;
    reused.add(node.id);
    return recovery.kind === 'outputs' ? replayed(node, recovery.outputs) : replayedError(node, recovery.error);
  });
  const workflow: Workflow = {
    ...plan.workflow,
    nodes: plan.workflow.nodes.map((node) => {
      if (!reused.has(node.id) || !node.retry) return node;
      const { retry: _replayedNotRetried, ...rest } = node;
      return rest;
    }),
  };
  return { plan: { ...plan, nodes, workflow }, reused };
}
