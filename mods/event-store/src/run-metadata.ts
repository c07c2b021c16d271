import type { OpContext } from '@pattern/core';
import type { Metadata } from './schema.ts';

/**
 * The metadata an event written from a run gets unless the caller says otherwise. A run started by
 * an event carries that event's correlation on and names it as the cause, so a chain of reactions
 * can be followed from its first event.
 */
export function metadataFromRun(ctx: Pick<OpContext, 'runId' | 'nodeId' | 'run'>): Metadata {
  const cause = ctx.run.trigger.kind === 'event' ? triggeringEvent(ctx.run.input) : undefined;
  return {
    ...(ctx.run.workflowId !== undefined ? { createdBy: `workflow:${ctx.run.workflowId}` } : {}),
    correlationId: cause ? (cause.metadata?.correlationId ?? cause.id) : ctx.runId,
    ...(cause ? { causationId: cause.id } : {}),
    runId: ctx.runId,
    nodeId: ctx.nodeId,
  };
}

function triggeringEvent(input: unknown): { id: string; metadata?: { correlationId?: string } } | undefined {
  if (input === null || typeof input !== 'object') return undefined;
  const event = input as { id?: unknown; metadata?: { correlationId?: unknown } };
  if (typeof event.id !== 'string') return undefined;
  const correlationId = event.metadata?.correlationId;
  return { id: event.id, metadata: typeof correlationId === 'string' ? { correlationId } : {} };
}
