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

/** A child run a node started (`workflow.call`, `flow.map`, …), as its parent's trace keeps it. */
export const ChildRunTraceSchema = z.object({
  runId: z.string(),
  workflowId: z.string(),
  /** The item of a `flow.map`, or the name of a `flow.parallel` branch. */
  key: z.union([z.number(), z.string()]).optional(),
  status: RunStatusSchema,
  startedAt: z.string(),
  durationMs: z.number().optional(),
  errorCode: z.string().optional(),
});

/**
 * A node's child runs: counts of all of them and the summaries of the first ones; the rest are
 * found in history by `parentRunId`, so a map over 10,000 items keeps a trace of bounded size.
 */
export const ChildRunsTraceSchema = z.object({
  total: z.number().int(),
  ok: z.number().int(),
  error: z.number().int(),
  cancelled: z.number().int(),
  runs: z.array(ChildRunTraceSchema),
});

/** One attempt of a node that has a retry policy and failed at least once. */
export const AttemptTraceSchema = z.object({
  attempt: z.number().int(),
  startedAt: z.string(),
  durationMs: z.number(),
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
  children: ChildRunsTraceSchema.optional(),
  attempts: z.array(AttemptTraceSchema).optional(),
});

export const RunTriggerSchema = z.object({
  /** `api`, `editor`, `http`, `invoke`, `event`, `child` (started by a node of another run), or a mod's own kind. */
  kind: z.string(),
  detail: z.string().optional(),
  /** On a run of an error workflow: the workflows whose failures led to it, so that none of them is triggered again. */
  errorChain: z.array(z.string()).optional(),
  /** On a run that resumes another: that run, the node it resumed from, and the nodes whose recorded outputs it reused. */
  resume: z.object({ runId: z.string(), from: z.string(), reused: z.array(z.string()) }).optional(),
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
  /**
   * Set when history kept only this run's summary: the workflow's `history` setting that left out
   * its node traces, graph, input and output (`nodes` is then empty).
   */
  tracesDropped: z.enum(['errors', 'none']).optional(),
  /** Set on a run of a `durable` workflow: its nodes are recorded as they settle, and a crash resumes it. */
  durable: z.literal(true).optional(),
  /** How many times a server took this durable run up again after the server running it died. */
  recoveries: z.number().int().min(1).optional(),
  /**
   * On a durable run: the workflow's run-wide settings it ran with, which the graph does not
   * carry, so that a run taken up again after a stop keeps them.
   */
  settings: z.object({ onError: z.string().optional(), history: z.enum(['all', 'errors', 'none']).optional() }).optional(),
  /** Set on a child run: the run and node that started it. */
  parentRunId: z.string().optional(),
  parentNodeId: z.string().optional(),
  /**
   * On a child run of a durable run: its place among the children of that node (a map item's
   * index, a branch's name, or `callN` for the node's `n`th call), by which the node, run again
   * after a stop, finds it.
   */
  childKey: z.string().optional(),
});

export type ErrorValue = z.infer<typeof ErrorBodySchema>;
export type NodeStatus = z.infer<typeof NodeStatusSchema>;
export type RunStatus = z.infer<typeof RunStatusSchema>;
export type LogLine = z.infer<typeof LogLineSchema>;
export type CallTrace = z.infer<typeof CallTraceSchema>;
export type AttemptTrace = z.infer<typeof AttemptTraceSchema>;
export type NodeTrace = z.infer<typeof NodeTraceSchema>;
export type ChildRunTrace = z.infer<typeof ChildRunTraceSchema>;
export type ChildRunsTrace = z.infer<typeof ChildRunsTraceSchema>;
export type RunTrigger = z.infer<typeof RunTriggerSchema>;
export type RunRecord = z.infer<typeof RunRecordSchema>;
/** A run without its node traces and graph, as history lists carry it. */
export type RunSummary = Omit<RunRecord, 'nodes' | 'graph'>;
