import { z } from 'zod';

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

export const WorkflowNodeSchema = z.strictObject({
  id: IdSchema,
  op: z.string().min(1).max(200),
  /** Constants: op settings, and a value for any input port that has no incoming edge. */
  config: z.record(z.string(), z.unknown()).optional(),
  /** View-only: where the editor draws the node. */
  position: PositionSchema.optional(),
  label: z.string().max(200).optional(),
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
  /** View-only state of the editor (viewport and the like); the engine ignores it. */
  meta: z.record(z.string(), z.unknown()).optional(),
});

export type PortRef = z.infer<typeof PortRefSchema>;
export type WorkflowNode = z.infer<typeof WorkflowNodeSchema>;
export type WorkflowEdge = z.infer<typeof WorkflowEdgeSchema>;
export type Workflow = z.infer<typeof WorkflowSchema>;
export type WorkflowInput = z.input<typeof WorkflowSchema>;
