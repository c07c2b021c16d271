import { z } from 'zod';
import { WorkflowSchema } from '../workflow/schema.ts';

export const ErrorBodySchema = z.object({
  code: z.string(),
  message: z.string(),
  details: z.unknown(),
  nodeId: z.string().optional(),
});

export const NodeStatusSchema = z.enum(['pending', 'running', 'ok', 'error', 'skipped']);
export const RunStatusSchema = z.enum(['running', 'ok', 'error', 'cancelled']);

export const LogLineSchema = z.object({
  at: z.string(),
  level: z.enum(['debug', 'info', 'warn', 'error']),
  message: z.string(),
  fields: z.record(z.string(), z.unknown()).optional(),
});

/** A `ctx.call` made by a node, traced under that node. */
export const CallTraceSchema = z.object({
  op: z.string(),
  startedAt: z.string(),
  durationMs: z.number(),
  inputs: z.unknown(),
  outputs: z.unknown().optional(),
  error: ErrorBodySchema.optional(),
});

export const NodeTraceSchema = z.object({
  status: NodeStatusSchema,
  startedAt: z.string().optional(),
  endedAt: z.string().optional(),
  durationMs: z.number().optional(),
  inputs: z.record(z.string(), z.unknown()).optional(),
  outputs: z.record(z.string(), z.unknown()).optional(),
  error: ErrorBodySchema.optional(),
  logs: z.array(LogLineSchema).optional(),
  calls: z.array(CallTraceSchema).optional(),
});

export const RunTriggerSchema = z.object({
  /** `api`, `editor`, `http`, `invoke`, `event`, or a mod's own kind. */
  kind: z.string(),
  detail: z.string().optional(),
});

export const RunRecordSchema = z.object({
  id: z.string(),
  workflowId: z.string().optional(),
  workflowVersion: z.number().int().optional(),
  workflowName: z.string().optional(),
  trigger: RunTriggerSchema,
  status: RunStatusSchema,
  input: z.unknown(),
  output: z.unknown().optional(),
  error: ErrorBodySchema.optional(),
  startedAt: z.string(),
  endedAt: z.string().optional(),
  durationMs: z.number().optional(),
  nodes: z.record(z.string(), NodeTraceSchema),
  /** The graph that ran, so a run can be drawn after its workflow changed or for inline runs. */
  graph: WorkflowSchema.pick({ nodes: true, edges: true }).optional(),
});

export type ErrorValue = z.infer<typeof ErrorBodySchema>;
export type NodeStatus = z.infer<typeof NodeStatusSchema>;
export type RunStatus = z.infer<typeof RunStatusSchema>;
export type LogLine = z.infer<typeof LogLineSchema>;
export type CallTrace = z.infer<typeof CallTraceSchema>;
export type NodeTrace = z.infer<typeof NodeTraceSchema>;
export type RunTrigger = z.infer<typeof RunTriggerSchema>;
export type RunRecord = z.infer<typeof RunRecordSchema>;
/** A run without its node traces and graph, as history lists carry it. */
export type RunSummary = Omit<RunRecord, 'nodes' | 'graph'>;
