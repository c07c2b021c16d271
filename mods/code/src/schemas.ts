import { z } from 'zod';

/** The contracts of the code mod: its options, and the config of a `code.js` node. */

export const DEFAULT_TIMEOUT_MS = 1_000;
export const DEFAULT_MEMORY_BYTES = 32 * 1024 * 1024;
/** The longest source a node may hold; far beyond a reshaping function, far below what slows a save. */
export const MAX_SOURCE_CHARS = 100_000;

export const CodeOptionsSchema = z.strictObject({
  /** How long one call may run before it is stopped with `timeout`. */
  timeoutMs: z.number().int().min(1).max(60_000).default(DEFAULT_TIMEOUT_MS),
  /** How much memory one call's sandbox may allocate before it is stopped with `out_of_memory`. */
  memoryBytes: z
    .number()
    .int()
    .min(1024 * 1024)
    .max(1024 * 1024 * 1024)
    .default(DEFAULT_MEMORY_BYTES),
});

/** A port a code node declares: its name, and a JSON Schema for what it carries. */
export const DeclaredPortSchema = z.strictObject({
  name: z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'a port name is an identifier: letters, digits and _, not a digit first'),
  schema: z.record(z.string(), z.unknown()).optional(),
  description: z.string().max(500).optional(),
});

export const CodeConfigSchema = z.strictObject({
  source: z
    .string()
    .max(MAX_SOURCE_CHARS)
    .meta({ editor: 'javascript', description: 'The body of `function (inputs) { ... }`: read `inputs.<name>`, return `{ <output>: value }`.' }),
  inputs: z
    .array(DeclaredPortSchema)
    .max(32)
    .default([])
    .meta({ editor: 'ports', description: 'The input ports the code reads, as `inputs.<name>`.' }),
  outputs: z
    .array(DeclaredPortSchema)
    .max(32)
    .default([])
    .meta({ editor: 'ports', description: 'The output ports the code returns, as keys of the object it returns.' }),
});

export type CodeOptions = z.output<typeof CodeOptionsSchema>;
export type CodeConfig = z.output<typeof CodeConfigSchema>;
export type DeclaredPort = z.output<typeof DeclaredPortSchema>;
