import type { OpContext } from '@pattern/core';
import type { Metadata } from '../schemas.ts';

/**
 * The metadata an event written from a run gets unless the caller says otherwise. A run started by
 * an event carries that event's correlation on, names it as the cause, and counts one more step
 * of the chain (`causationDepth`), so a chain of reactions can be followed from its first event
 * and a chain that feeds itself is caught.
 */
export function metadataFromRun(ctx: Pick<OpContext, 'runId' | 'nodeId' | 'run'>): Metadata {
  const cause = ctx.run.trigger.kind === 'event' ? triggeringEvent(ctx.run.input) : undefined;
  return {
    ...(ctx.run.workflowId !== undefined ? { createdBy: `workflow:${ctx.run.workflowId}` } : {}),
    correlationId: cause ? (cause.metadata.correlationId ?? cause.id) : ctx.runId,
    ...(cause ? { causationId: cause.id, causationDepth: causationDepthOf(cause) + 1 } : {}),
    runId: ctx.runId,
    nodeId: ctx.nodeId,
  };
}

/** An event's step in its chain: 0 for one no event-triggered run wrote. */
export function causationDepthOf(event: { metadata?: { causationDepth?: unknown } }): number {
  const depth = event.metadata?.causationDepth;
  return typeof depth === 'number' && Number.isInteger(depth) && depth > 0 ? depth : 0;
}

function triggeringEvent(input: unknown): { id: string; metadata: { correlationId?: string; causationDepth?: number } } | undefined {
  if (input === null || typeof input !== 'object') return undefined;
  const event = input as { id?: unknown; metadata?: { correlationId?: unknown; causationDepth?: unknown } };
  if (typeof event.id !== 'string') return undefined;
  const correlationId = event.metadata?.correlationId;
  return {
    id: event.id,
    metadata: { ...(typeof correlationId === 'string' ? { correlationId } : {}), causationDepth: causationDepthOf(event) },
  };
}
