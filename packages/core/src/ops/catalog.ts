import { z } from 'zod';
import type { OpDefinition, PortInfo } from './define-op.ts';

const JsonSchemaObject = z.record(z.string(), z.unknown());

export const CatalogPortSchema = z.object({
  name: z.string(),
  kind: z.enum(['value', 'control']),
  description: z.string(),
  required: z.boolean(),
  schema: JsonSchemaObject,
  /** The JSON types the port admits (null: anything), for checking connections as they are drawn. */
  types: z.array(z.string()).nullable(),
});

export const CatalogOpSchema = z.object({
  name: z.string(),
  title: z.string(),
  description: z.string(),
  category: z.string(),
  mod: z.string(),
  waitFor: z.enum(['all', 'any']),
  inputs: z.array(CatalogPortSchema),
  outputs: z.array(CatalogPortSchema),
  config: JsonSchemaObject.nullable(),
  /** Config keys whose lists declare more ports of a node: each entry `{ name, schema?, description? }`. */
  dynamicPorts: z.object({ inputs: z.string().optional(), outputs: z.string().optional() }).optional(),
  /** `false` when nodes of the op take no retry policy. */
  retry: z.literal(false).optional(),
  /** Outputs a node types from a config key holding a JSON Schema: `{ outputs: { body: 'bodySchema' } }`. */
  portSchemas: z.object({ outputs: z.record(z.string(), z.string()).optional() }).optional(),
  /** Other words people search for the op by. */
  keywords: z.array(z.string()).optional(),
  examples: z.array(
    z.object({
      title: z.string(),
      description: z.string().optional(),
      config: z.record(z.string(), z.unknown()).optional(),
      inputs: z.record(z.string(), z.unknown()).optional(),
      outputs: z.record(z.string(), z.unknown()).optional(),
      workflows: z.array(z.record(z.string(), z.unknown())).optional(),
    }),
  ),
});

export type CatalogPort = z.infer<typeof CatalogPortSchema>;
export type CatalogOp = z.infer<typeof CatalogOpSchema>;

export function catalogEntry(op: OpDefinition): CatalogOp {
  return {
    name: op.name,
    title: op.title,
    description: op.description,
    category: op.category,
    mod: op.mod ?? 'unknown',
    waitFor: op.waitFor,
    inputs: op.inputs.map(catalogPort),
    outputs: op.outputs.map(catalogPort),
    config: op.configJsonSchema,
    ...(op.dynamicPorts ? { dynamicPorts: op.dynamicPorts } : {}),
    ...(op.retry === false ? { retry: false as const } : {}),
    ...(op.portSchemas ? { portSchemas: op.portSchemas } : {}),
    keywords: op.keywords,
    examples: op.examples,
  };
}

function catalogPort(port: PortInfo): CatalogPort {
  return {
    name: port.name,
    kind: port.kind,
    description: port.description,
    required: !port.optional,
    schema: port.jsonSchema,
    types: port.types === null ? null : [...port.types],
  };
}
