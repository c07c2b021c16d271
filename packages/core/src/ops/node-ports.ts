import { z } from 'zod';
import { ERROR_PORT, type OpDefinition, type PortInfo, portInfo } from './define-op.ts';

/** The ports one node has: its op's, plus those its config declares (`dynamicPorts`). */
export interface NodePorts {
  inputs: PortInfo[];
  outputs: PortInfo[];
  inputByName: ReadonlyMap<string, PortInfo>;
  outputByName: ReadonlyMap<string, PortInfo>;
}

export interface NodePortsResult {
  ports: NodePorts;
  problems: Array<{ at: PropertyKey[]; message: string }>;
}

const PORT_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

const DeclaredPortsSchema = z.array(
  z.looseObject({
    name: z.string(),
    schema: z.record(z.string(), z.unknown()).optional(),
    description: z.string().optional(),
  }),
);

/**
 * A static op's ports are its own (no copy); an op with `dynamicPorts` gets the declared ones
 * added, each typed by its JSON Schema. Declarations that cannot be ports are problems located
 * in the config, and are left out.
 */
export function nodePorts(op: OpDefinition, config: Record<string, unknown> | undefined): NodePortsResult {
  const typed = typedOutputs(op, config);
  if (!op.dynamicPorts && !typed) return { ports: op, problems: [] };
  const problems: NodePortsResult['problems'] = [];
  const inputs = [...op.inputs];
  const outputs = typed ?? [...op.outputs];
  const add = (key: string | undefined, side: 'input' | 'output', list: PortInfo[]) => {
    // Inputs share the config's namespace (a constant is given under the port's name); outputs only their own.
    const taken = new Set(list.map((p) => p.name));
    if (side === 'input') for (const name of op.configKeys) taken.add(name);
    if (key === undefined || config?.[key] === undefined) return;
    const parsed = DeclaredPortsSchema.safeParse(config[key]);
    if (!parsed.success) {
      problems.push({ at: [key], message: `"${key}" must be a list of ports, each { name, schema?, description? }` });
      return;
    }
    parsed.data.forEach((declared, i) => {
      const at = [key, i, 'name'];
      if (!PORT_NAME.test(declared.name)) {
        problems.push({ at, message: `"${declared.name}" is not a port name: use letters, digits and _, not a digit first` });
        return;
      }
      // Inputs are gathered in a plain object, where a `__proto__` key would set the prototype instead.
      if (declared.name === '__proto__') {
        problems.push({ at, message: '"__proto__" cannot be a port name' });
        return;
      }
      if (declared.name === ERROR_PORT || taken.has(declared.name)) {
        problems.push({ at, message: `"${declared.name}" is already a port or setting of ${op.name}` });
        return;
      }
      taken.add(declared.name);
      list.push(portInfo(op.name, declared.name, { schema: schemaOf(declared.schema), description: declared.description ?? declared.name }, side));
    });
  };
  add(op.dynamicPorts?.inputs, 'input', inputs);
  add(op.dynamicPorts?.outputs, 'output', outputs);
  return {
    ports: { inputs, outputs, inputByName: new Map(inputs.map((p) => [p.name, p])), outputByName: new Map(outputs.map((p) => [p.name, p])) },
    problems,
  };
}

/** The op's outputs with those `portSchemas` names retyped by the node's config; undefined when the config types none. */
function typedOutputs(op: OpDefinition, config: Record<string, unknown> | undefined): PortInfo[] | undefined {
  const keys = op.portSchemas?.outputs;
  if (!keys || !config) return undefined;
  const typed = op.outputs.filter((port) => isSchemaObject(config[keys[port.name] ?? '']));
  if (typed.length === 0) return undefined;
  return op.outputs.map((port) => {
    const jsonSchema = config[keys[port.name] ?? ''];
    if (!isSchemaObject(jsonSchema)) return port;
    return portInfo(op.name, port.name, { schema: schemaOf(jsonSchema), description: port.description }, 'output');
  });
}

function isSchemaObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0;
}

/** A declared port's JSON Schema as zod, so values on it are checked like any port's; anything it can't express stays unchecked. */
function schemaOf(jsonSchema: Record<string, unknown> | undefined): z.ZodType {
  if (!jsonSchema || Object.keys(jsonSchema).length === 0) return z.unknown();
  try {
    const schema = z.fromJSONSchema(jsonSchema);
    // A declared port is optional: a code node decides itself what it needs.
    return schema.optional();
  } catch {
    return z.unknown();
  }
}
