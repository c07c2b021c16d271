import { PatternError } from '../errors.ts';
import { isTruncated } from '../json/truncate.ts';
import type { OpDefinition } from '../ops/define-op.ts';
import type { Plan, PlanNode } from '../workflow/compile.ts';
import type { Workflow } from '../workflow/schema.ts';
import type { RunRecord } from './record.ts';
import { REDACTED } from './secrets.ts';

/** The trigger kind of a run that resumes another; `detail` is the resumed run's id. */
export const RESUME_TRIGGER = 'resume';

export interface ResumeOptions {
  /** The node to run again from; by default the node that failed. */
  from?: string;
  /** Run the workflow as it is saved now, instead of the graph the old run ran. */
  useLatest?: boolean;
}

/** The run a resume started. */
interface ResumedRun {
  readonly id: string;
  readonly done: Promise<RunRecord>;
  toRecord(withNodes?: boolean): RunRecord;
}

interface ResumeHost {
  getRun(id: string): Promise<RunRecord | undefined>;
  compile(document: unknown): Plan;
  readonly workflows: { runnable(id: string): { plan: Plan; version: number | undefined } };
  startRun(request: {
    plan: Plan;
    workflowId?: string;
    workflowVersion?: number;
    input: unknown;
    trigger: { kind: string; detail: string; resume: { runId: string; from: string; reused: string[] } };
  }): ResumedRun;
}

function notResumable(message: string, details: Record<string, unknown> = {}): PatternError {
  return new PatternError('not_resumable', message, details);
}

function holds(value: unknown, test: (v: unknown) => boolean): boolean {
  if (test(value)) return true;
  if (value === null || typeof value !== 'object') return false;
  return Object.values(value).some((v) => holds(v, test));
}

const redacted = (v: unknown) => typeof v === 'string' && v.includes(REDACTED);

/** Every node the resume point depends on, through its wired inputs. */
function upstreamOf(edges: Workflow['edges'], from: string): Set<string> {
  const into = new Map<string, string[]>();
  for (const edge of edges) into.set(edge.to.node, [...(into.get(edge.to.node) ?? []), edge.from.node]);
  const seen = new Set<string>();
  const stack = [...(into.get(from) ?? [])];
  for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(into.get(id) ?? []));
  }
  return seen;
}

/** A node that does not run again: it hands on what it output in the run being resumed. */
export function replayed(node: PlanNode, outputs: Record<string, unknown>): PlanNode {
  const op: OpDefinition = { ...node.op, prepare: undefined, run: () => outputs };
  const { secrets: _resolvedWhenItRan, ...rest } = node;
  return { ...rest, op };
}

/**
 * Starts a run that takes up a settled run again from one node: every node upstream of it that
 * ended `ok` is not run but hands on its recorded outputs, and the rest runs. A run whose history
 * holds no full trace, or whose reused outputs were cut short, cannot be resumed. A reused output
 * that held a secret was recorded redacted, so that node runs again instead.
 */
export async function resumeRun(host: ResumeHost, runId: string, options: ResumeOptions = {}): Promise<ResumedRun> {
  const record = await host.getRun(runId);
  if (!record) throw new PatternError('not_found', `There is no run "${runId}"`, { id: runId });
  if (record.status === 'running') throw new PatternError('conflict', `Run "${runId}" is still running`, { status: record.status });
  if (record.tracesDropped !== undefined || !record.graph) {
    throw notResumable(`Run "${runId}" kept only its summary (history: ${record.tracesDropped ?? 'no graph'}), so it cannot be resumed`, {
      reason: 'traces_dropped',
    });
  }
  if (isTruncated(record.input))
    throw notResumable(`The input of run "${runId}" was too large to keep whole, so it cannot be resumed`, { reason: 'truncated', at: 'input' });
  const from = options.from ?? record.error?.nodeId ?? Object.entries(record.nodes).find(([, t]) => t.status === 'error')?.[0];
  if (from === undefined)
    throw new PatternError('invalid_input', 'from: give the node to resume from; the run has no failed node', { field: 'from' });

  let plan: Plan;
  let workflowVersion: number | undefined;
  if (options.useLatest) {
    if (record.workflowId === undefined)
      throw new PatternError('invalid_input', 'useLatest: an inline run has no saved workflow', { field: 'useLatest' });
    const latest = host.workflows.runnable(record.workflowId);
    plan = latest.plan;
    workflowVersion = latest.version;
  } else {
    plan = host.compile({
      ...(record.workflowId !== undefined ? { id: record.workflowId } : {}),
      ...record.graph,
      ...(record.durable ? { durable: true } : {}),
    });
    workflowVersion = record.workflowVersion;
  }
  const byId = new Map(plan.nodes.map((node) => [node.id, node]));
  if (!byId.has(from)) {
    throw notResumable(`from: there is no node "${from}" in the workflow${options.useLatest ? ' as it is saved now' : ''}`, {
      field: 'from',
      reason: 'unknown_node',
    });
  }

  const reused = new Map<string, Record<string, unknown>>();
  const problems: Array<{ path: string; message: string }> = [];
  for (const id of upstreamOf(record.graph.edges, from)) {
    const trace = record.nodes[id];
    if (trace?.status !== 'ok') continue;
    const outputs = trace.outputs ?? {};
    if (holds(outputs, isTruncated)) {
      throw notResumable(`The outputs of node "${id}" were too large to keep whole, so run "${runId}" cannot be resumed from "${from}"`, {
        reason: 'truncated',
        at: `nodes.${id}.outputs`,
      });
    }
    if (holds(outputs, redacted)) continue;
    const node = byId.get(id);
    const index = plan.workflow.nodes.findIndex((n) => n.id === id);
    const was = record.graph.nodes.find((n) => n.id === id);
    if (!node || node.op.name !== was?.op) {
      problems.push({
        path: index >= 0 ? `nodes[${index}]` : 'nodes',
        message: `Node "${id}" (${was?.op}) is ${node ? `now ${node.op.name}` : 'no longer in the workflow'}`,
      });
      continue;
    }
    const gone = Object.keys(outputs).filter((port) => !node.ports.outputByName.has(port));
    if (gone.length > 0)
      problems.push({ path: `nodes[${index}]`, message: `Node "${id}" no longer has the output${gone.length > 1 ? 's' : ''} ${gone.join(', ')}` });
    else reused.set(id, outputs);
  }
  if (problems.length > 0) {
    throw notResumable(`The workflow as it is saved now no longer fits what run "${runId}" recorded`, { reason: 'changed', problems });
  }

  const nodes = plan.nodes.map((node) => {
    const outputs = reused.get(node.id);
    return outputs ? replayed(node, outputs) : node;
  });
  return host.startRun({
    plan: { ...plan, nodes },
    ...(record.workflowId !== undefined ? { workflowId: record.workflowId } : {}),
    ...(workflowVersion !== undefined ? { workflowVersion } : {}),
    input: record.input,
    trigger: { kind: RESUME_TRIGGER, detail: runId, resume: { runId, from, reused: [...reused.keys()] } },
  });
}
