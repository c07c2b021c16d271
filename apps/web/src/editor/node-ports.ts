import type { CatalogOp, CatalogPort } from '../api/types.ts';

/** The ports one node has: its op's, then those its config declares (`dynamicPorts` in the catalog). */
export interface NodePortLists {
  inputs: CatalogPort[];
  outputs: CatalogPort[];
}

const PORT_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const JSON_TYPES = ['string', 'number', 'boolean', 'object', 'array', 'null'];

/**
 * A node's ports as the server derives them: declared entries that are not usable ports (a bad
 * name, a clash) are left out here too, and the server's problem says why.
 */
export function nodePorts(op: CatalogOp, config: Record<string, unknown>): NodePortLists {
  const typed = typedOutputs(op, config);
  if (!op.dynamicPorts) return typed ? { inputs: op.inputs, outputs: typed } : op;
  const configKeys = Object.keys((op.config?.properties as Record<string, unknown> | undefined) ?? {});
  const inputNames = [...op.inputs.map((p) => p.name), ...configKeys];
  return {
    inputs: [...op.inputs, ...declared(config[op.dynamicPorts.inputs ?? ''], inputNames)],
    outputs: [
      ...(typed ?? op.outputs),
      ...declared(
        config[op.dynamicPorts.outputs ?? ''],
        op.outputs.map((p) => p.name),
      ),
    ],
  };
}

/** The op's outputs with those its `portSchemas` name typed by the JSON Schema in the node's config (a route's `bodySchema`). */
function typedOutputs(op: CatalogOp, config: Record<string, unknown>): CatalogPort[] | undefined {
  const keys = op.portSchemas?.outputs;
  if (!keys) return undefined;
  const schemaAt = (port: CatalogPort) => {
    const schema = config[keys[port.name] ?? ''];
    return schema !== null && typeof schema === 'object' && !Array.isArray(schema) && Object.keys(schema).length > 0
      ? (schema as Record<string, unknown>)
      : undefined;
  };
  if (!op.outputs.some(schemaAt)) return undefined;
  return op.outputs.map((port) => {
    const schema = schemaAt(port);
    return schema ? { ...port, schema, types: typesOf(schema) } : port;
  });
}

function declared(list: unknown, taken: string[]): CatalogPort[] {
  if (!Array.isArray(list)) return [];
  const names = new Set([...taken, 'error']);
  const ports: CatalogPort[] = [];
  for (const entry of list) {
    if (entry === null || typeof entry !== 'object') continue;
    const { name, schema, description } = entry as { name?: unknown; schema?: unknown; description?: unknown };
    if (typeof name !== 'string' || !PORT_NAME.test(name) || name === '__proto__' || names.has(name)) continue;
    names.add(name);
    const jsonSchema = schema !== null && typeof schema === 'object' && !Array.isArray(schema) ? (schema as Record<string, unknown>) : {};
    ports.push({
      name,
      kind: 'value',
      description: typeof description === 'string' ? description : name,
      required: false,
      schema: jsonSchema,
      types: typesOf(jsonSchema),
    });
  }
  return ports;
}

/** The coarse JSON types a schema admits, as the server's catalog gives them (null: anything). */
export function typesOf(schema: unknown): string[] | null {
  if (schema === null || typeof schema !== 'object') return null;
  const s = schema as Record<string, unknown>;
  const norm = (t: unknown) => (t === 'integer' ? 'number' : JSON_TYPES.includes(String(t)) ? String(t) : 'object');
  if (typeof s.type === 'string') return [norm(s.type)];
  if (Array.isArray(s.type)) return [...new Set(s.type.map(norm))];
  const union = (s.anyOf ?? s.oneOf) as unknown[] | undefined;
  if (Array.isArray(union)) {
    const out = new Set<string>();
    for (const branch of union) {
      const types = typesOf(branch);
      if (types === null) return null;
      for (const t of types) out.add(t);
    }
    return [...out];
  }
  return null;
}
