import { type Context, type Span, SpanKind, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import type { CallTrace, NodeTrace, RunRecord } from '@pattern/core';
import type { SpanPlan } from './span-plan.ts';

/** A run's child runs, by the node that started them. */
export type ChildrenOf = (runId: string) => RunRecord[];

const ms = (iso: string | undefined) => (iso === undefined ? undefined : Date.parse(iso));

/**
 * Spans for one settled run, timed as it ran: the run, a child per node (its child runs under it),
 * and a grandchild per `ctx.call`. Attributes name ops, statuses, durations and error codes, never
 * a value that went in or out. Ids handed out while the run ran (`plan`) are the ones its spans get.
 */
export function exportRun(tracer: Tracer, plan: SpanPlan, record: RunRecord, parent: Context, childrenOf: ChildrenOf): void {
  const start = ms(record.startedAt) as number;
  const end = record.durationMs !== undefined ? start + record.durationMs : (ms(record.endedAt) ?? start);
  const span = plan.startWith(record.id, undefined, () =>
    tracer.startSpan(
      `run ${record.workflowId ?? record.workflowName ?? 'inline'}`,
      {
        kind: record.trigger.kind === 'http' ? SpanKind.SERVER : SpanKind.INTERNAL,
        startTime: start,
        attributes: {
          'pattern.run.id': record.id,
          'pattern.run.status': record.status,
          'pattern.trigger.kind': record.trigger.kind,
          ...(record.workflowId !== undefined ? { 'pattern.workflow.id': record.workflowId } : {}),
          ...(record.workflowVersion !== undefined ? { 'pattern.workflow.version': record.workflowVersion } : {}),
          ...(record.durationMs !== undefined ? { 'pattern.duration_ms': record.durationMs } : {}),
          ...(record.error ? { 'pattern.error.code': record.error.code } : {}),
        },
      },
      parent,
    ),
  );
  if (record.status !== 'ok') span.setStatus({ code: SpanStatusCode.ERROR, message: record.error?.code ?? record.status });
  const inRun = trace.setSpan(parent, span);
  const opOf = new Map((record.graph?.nodes ?? []).map((node) => [node.id, node.op]));
  const children = childrenOf(record.id);
  for (const [nodeId, node] of Object.entries(record.nodes)) {
    if (node.startedAt === undefined) continue;
    const nodeSpan = plan.startWith(record.id, nodeId, () => exportNode(tracer, nodeId, opOf.get(nodeId), node, inRun));
    const inNode = trace.setSpan(inRun, nodeSpan.span);
    for (const call of node.calls ?? []) exportCall(tracer, call, inNode);
    for (const child of children) if (child.parentNodeId === nodeId) exportRun(tracer, plan, child, inNode, childrenOf);
    nodeSpan.span.end(nodeSpan.end);
  }
  span.end(end);
  plan.forget(record.id);
}

function exportNode(tracer: Tracer, nodeId: string, op: string | undefined, node: NodeTrace, parent: Context): { span: Span; end: number } {
  const start = ms(node.startedAt) as number;
  const end = node.durationMs !== undefined ? start + node.durationMs : (ms(node.endedAt) ?? start);
  const span = tracer.startSpan(
    op ? `${op} ${nodeId}` : nodeId,
    {
      startTime: start,
      attributes: {
        'pattern.node.id': nodeId,
        'pattern.node.status': node.status,
        ...(op ? { 'pattern.op': op } : {}),
        ...(node.durationMs !== undefined ? { 'pattern.duration_ms': node.durationMs } : {}),
        ...(node.error ? { 'pattern.error.code': node.error.code } : {}),
      },
    },
    parent,
  );
  if (node.status === 'error') span.setStatus({ code: SpanStatusCode.ERROR, message: node.error?.code ?? 'error' });
  return { span, end };
}

function exportCall(tracer: Tracer, call: CallTrace, parent: Context): void {
  const start = ms(call.startedAt) as number;
  const span = tracer.startSpan(
    `call ${call.op}`,
    {
      startTime: start,
      attributes: { 'pattern.op': call.op, 'pattern.duration_ms': call.durationMs, ...(call.error ? { 'pattern.error.code': call.error.code } : {}) },
    },
    parent,
  );
  if (call.error) span.setStatus({ code: SpanStatusCode.ERROR, message: call.error.code });
  span.end(start + call.durationMs);
}
