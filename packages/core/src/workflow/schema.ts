import { z } from 'zod';
import { TestCasesSchema } from '../testing/test-case-schema.ts';

/** Ids that are safe in URLs, file names and SQL keys alike. */
export const IdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, 'use letters, digits, and . _ : - (not first)');

export const PortRefSchema = z.strictObject({
  node: z.string().min(1).max(128),
  port: z.string().min(1).max(128),
});

export const PositionSchema = z.strictObject({ x: z.number(), y: z.number() });

/** Running a failed node again: how many attempts in all, how long to wait between them, and on which error codes. */
export const RetryPolicySchema = z.strictObject({
  /** Attempts in all, the first one included. */
  attempts: z.number().int().min(1).max(100),
  /** The wait before the second attempt; default 1,000 ms. */
  delayMs: z.number().int().min(0).max(3_600_000).optional(),
  /** `exponential` doubles the wait after every attempt; default `fixed`. */
  backoff: z.enum(['fixed', 'exponential']).optional(),
  /** The longest wait, however far the backoff has grown; default 60,000 ms. */
  maxDelayMs: z.number().int().min(0).max(3_600_000).optional(),
  /** Error codes to retry; default every code except `validation_failed`, `invalid_input` and `conflict`. */
  on: z.array(z.string().min(1).max(200)).max(100).optional(),
});

export const WorkflowNodeSchema = z.strictObject({
  id: IdSchema,
  op: z.string().min(1).max(200),
  /** Constants: op settings, and a value for any input port that has no incoming edge. */
  config: z.record(z.string(), z.unknown()).optional(),
  /** View-only: where the editor draws the node. */
  position: PositionSchema.optional(),
  label: z.string().max(200).optional(),
  /** Run the node again when it fails (`retry: false` ops refuse it). */
  retry: RetryPolicySchema.optional(),
});

export const WorkflowEdgeSchema = z.strictObject({
  id: z.string().max(200).optional(),
  from: PortRefSchema,
  to: PortRefSchema,
});

export const WorkflowSchema = z.strictObject({
  id: IdSchema.optional(),
  name: z.string().max(200).optional(),
  description: z.string().max(10_000).optional(),
  nodes: z.array(WorkflowNodeSchema).max(10_000),
  edges: z.array(WorkflowEdgeSchema).max(50_000).default([]),
  /** What run history keeps of this workflow's runs: `all`, only failures in full (`errors`), or only failures' summaries (`none`). Unset is `all`. */
  history: z.enum(['all', 'errors', 'none']).optional(),
  /** A saved workflow to run, with the failed run as its input, whenever a run of this one ends in `error`. */
  onError: IdSchema.optional(),
  /** Runs record every node as it settles, so a run the server's crash cut short resumes where it was instead of ending `interrupted`. */
  durable: z.boolean().optional(),
  /** View-only state of the editor (viewport and the like); the engine ignores it. */
  meta: z.record(z.string(), z.unknown()).optional(),
  /** JSON Schema of the input a caller (`workflow.call`, `flow.map`, …) must hand this workflow; checked before the child run starts. */
  inputSchema: z.record(z.string(), z.unknown()).optional(),
  /** JSON Schema of what this workflow outputs; the editor types a calling node's `output` port with it. */
  outputSchema: z.record(z.string(), z.unknown()).optional(),
  /** Test cases (`pattern test`, the editor's Tests tab); runs ignore them. */
  tests: TestCasesSchema.optional(),
});

export type PortRef = z.infer<typeof PortRefSchema>;
export type RetryPolicy = z.infer<typeof RetryPolicySchema>;
export type WorkflowNode = z.infer<typeof WorkflowNodeSchema>;
export type WorkflowEdge = z.infer<typeof WorkflowEdgeSchema>;
export type Workflow = z.infer<typeof WorkflowSchema>;
export type WorkflowInput = z.input<typeof WorkflowSchema>;
