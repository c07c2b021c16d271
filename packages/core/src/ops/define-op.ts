import { z } from 'zod';
import type { ValueLimits } from '../json/depth.ts';
import { type JsonTypeSet, jsonTypes } from './json-types.ts';
import type { OpContext, Services } from './op-context.ts';

export type PortKind = 'value' | 'control';

export interface PortSpec<S extends z.ZodType = z.ZodType> {
  /** What a value on this port must look like. Control ports carry no data and need none. */
  schema?: S;
  description: string;
  kind?: PortKind;
}

export interface OpExample {
  title: string;
  description?: string;
  config?: Record<string, unknown>;
  inputs?: Record<string, unknown>;
  /** The outputs the example documents; tests run the example and compare. */
  outputs?: Record<string, unknown>;
  /** Workflows saved (by their `id`) before the example runs: for ops that run a saved workflow. */
  workflows?: Array<{ id: string } & Record<string, unknown>>;
}

type Ports = Record<string, PortSpec>;
type ValueOf<P> = P extends { kind: 'control' } ? true : P extends { schema: infer S extends z.ZodType } ? z.output<S> : unknown;
type EmitOf<P> = P extends { kind: 'control' } ? boolean : P extends { schema: infer S extends z.ZodType } ? z.input<S> : unknown;

export type InputsOf<I extends Ports> = { [K in keyof I]: ValueOf<I[K]> };
export type OutputsOf<O extends Ports> = { [K in keyof O]?: EmitOf<O[K]> };

/** What `prepare` may consult while a workflow is compiled. */
export interface PrepareEnv {
  readonly services: Services;
  readonly limits: Readonly<ValueLimits>;
  /** Whether a saved workflow has this id (for ops that run another workflow). */
  workflowExists(id: string): boolean;
}

/**
 * Config keys whose value is a list of `{ name, schema?, description? }` (schema: JSON Schema),
 * each entry one more port of the node: the ports of a code node, the fields of a built object.
 */
export interface DynamicPorts {
  inputs?: string;
  outputs?: string;
}

/**
 * Static ports typed per node from a config key holding a JSON Schema (`{ outputs: { body:
 * 'bodySchema' } }`): a route that declares its body's shape hands the graph a typed `body`.
 */
export interface PortSchemas {
  outputs?: Record<string, string>;
}

export interface OpSpec<I extends Ports, O extends Ports, C extends z.ZodType, P = undefined> {
  /** `category.verb`, unique across every loaded mod. */
  name: string;
  title?: string;
  description: string;
  category?: string;
  /** Other words people search for it by (`lowercase` for `string.lower`); the palette and the docs search match them. */
  keywords?: string[];
  /** Settings that are not ports (a method, a path). Input ports take constants from config too. */
  config?: C;
  inputs?: I;
  outputs?: O;
  /** `any` runs the node on the first input to arrive (as `flow.merge` does); default `all`. */
  waitFor?: 'all' | 'any';
  examples?: OpExample[];
  /** Ports declared by each node in its config, beside the static ones. */
  dynamicPorts?: DynamicPorts;
  portSchemas?: PortSchemas;
  /** `false` for an op whose effect must not happen twice (a response sent, a deliberate failure): nodes of it take no retry policy. */
  retry?: boolean;
  /**
   * The inputs (or config keys) whose secrecy the outputs do not carry, or `true` for all: a
   * digest, a signature or a yes-or-no tells nothing that recovers its key. Outputs of a node
   * handed a secret, or a value derived from one, are otherwise kept out of every record too.
   */
  declassifies?: true | readonly string[];
  /**
   * What a saved workflow with a node of this op serves that no other saved workflow may (the
   * path of a WebSocket endpoint). A save, publish or activation that would hold what another
   * workflow holds is refused with `conflict`, as a route another workflow serves is.
   */
  claims?: (config: z.output<C>) => Claim | undefined;
  /**
   * Derives, once per node when its workflow is compiled, what every run of the node reuses (a
   * compiled pattern, schema or module); runs read it as `ctx.prepared`. `config` holds the
   * node's settings and the constants given for its inputs. Throw `ConfigProblem` to refuse.
   */
  prepare?: (config: z.output<C> & Partial<InputsOf<I>>, env: PrepareEnv) => P;
  run: (inputs: InputsOf<I>, ctx: OpContext<z.output<C>, P>) => OutputsOf<O> | undefined | Promise<OutputsOf<O> | undefined>;
}

/** Something one saved workflow holds: equal `key`s clash; `label` names it to a person (`WebSocket /chat/:room`). */
export interface Claim {
  key: string;
  label: string;
}

/** A port as the engine, the validator and the catalog see it, derived once. */
export interface PortInfo {
  name: string;
  kind: PortKind;
  description: string;
  /** The compiled schema; parses every value that arrives on the port. */
  schema: z.ZodType;
  /** True when the schema is `unknown`: the engine skips parsing. */
  passthrough: boolean;
  optional: boolean;
  jsonSchema: Record<string, unknown>;
  types: JsonTypeSet;
}

export interface OpDefinition {
  name: string;
  title: string;
  description: string;
  category: string;
  waitFor: 'all' | 'any';
  inputs: PortInfo[];
  outputs: PortInfo[];
  inputByName: ReadonlyMap<string, PortInfo>;
  outputByName: ReadonlyMap<string, PortInfo>;
  config: z.ZodType | undefined;
  configKeys: ReadonlySet<string>;
  configJsonSchema: Record<string, unknown> | null;
  keywords: string[];
  examples: OpExample[];
  dynamicPorts: DynamicPorts | undefined;
  portSchemas?: PortSchemas | undefined;
  /** False when a node of the op may not carry a retry policy. */
  retry?: boolean;
  /** See `OpSpec.declassifies`. */
  declassifies?: true | readonly string[] | undefined;
  /** See `OpSpec.claims`; handed the node's parsed settings. */
  claims?: ((settings: unknown) => Claim | undefined) | undefined;
  prepare: ((config: Record<string, unknown>, env: PrepareEnv) => unknown) | undefined;
  /** The mod that registered the op; set by the registry. */
  mod?: string;
  run: (inputs: Record<string, unknown>, ctx: OpContext) => unknown;
}

/** Every node has an `error` output: wire it and a failure becomes a value instead of failing the run. */
export const ERROR_PORT = 'error';

export const ErrorValueSchema = z.object({
  code: z.string(),
  message: z.string(),
  details: z.unknown(),
});

const OP_NAME = /^[a-z][a-zA-Z0-9]*(\.[a-z][a-zA-Z0-9]*)*$/;
const PORT_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export function defineOp<
  I extends Ports = Record<never, PortSpec>,
  O extends Ports = Record<never, PortSpec>,
  C extends z.ZodType = z.ZodObject<Record<never, z.ZodType>>,
  P = undefined,
>(spec: OpSpec<I, O, C, P>): OpDefinition {
  if (!OP_NAME.test(spec.name)) throw new Error(`op name "${spec.name}" must be dotted lower-camel words, like "store.get"`);
  const inputs = Object.entries(spec.inputs ?? {}).map(([name, port]) => portInfo(spec.name, name, port, 'input'));
  const outputs = Object.entries(spec.outputs ?? {}).map(([name, port]) => portInfo(spec.name, name, port, 'output'));
  if (outputs.some((p) => p.name === ERROR_PORT)) {
    throw new Error(`op "${spec.name}": "${ERROR_PORT}" is the built-in error port; name the output otherwise`);
  }
  outputs.push(
    portInfo(spec.name, ERROR_PORT, { schema: ErrorValueSchema, description: 'The failure, when the node fails and this port is wired.' }, 'output'),
  );
  const configJsonSchema = spec.config ? toJsonSchema(spec.config) : null;
  const configKeys = new Set(Object.keys((configJsonSchema?.properties as Record<string, unknown> | undefined) ?? {}));
  for (const port of inputs) {
    if (configKeys.has(port.name)) throw new Error(`op "${spec.name}": "${port.name}" is both an input port and a config key`);
  }
  for (const key of [spec.dynamicPorts?.inputs, spec.dynamicPorts?.outputs]) {
    if (key !== undefined && !configKeys.has(key))
      throw new Error(`op "${spec.name}": dynamic ports come from config key "${key}", which the config does not have`);
  }
  for (const [port, key] of Object.entries(spec.portSchemas?.outputs ?? {})) {
    if (!configKeys.has(key) || !outputs.some((p) => p.name === port))
      throw new Error(`op "${spec.name}": portSchemas types output "${port}" from config key "${key}"; both must exist`);
  }
  const declassified = spec.declassifies === true ? [] : (spec.declassifies ?? []);
  for (const key of declassified) {
    if (!configKeys.has(key) && !inputs.some((p) => p.name === key))
      throw new Error(`op "${spec.name}": it declassifies "${key}", which is neither an input port nor a config key`);
  }
  return {
    name: spec.name,
    title: spec.title ?? spec.name,
    description: spec.description,
    category: spec.category ?? spec.name.split('.')[0] ?? 'other',
    waitFor: spec.waitFor ?? 'all',
    inputs,
    outputs,
    inputByName: new Map(inputs.map((p) => [p.name, p])),
    outputByName: new Map(outputs.map((p) => [p.name, p])),
    config: spec.config ? z.compile(spec.config) : undefined,
    configKeys,
    configJsonSchema,
    keywords: spec.keywords ?? [],
    examples: spec.examples ?? [],
    dynamicPorts: spec.dynamicPorts,
    portSchemas: spec.portSchemas,
    retry: spec.retry !== false,
    declassifies: spec.declassifies,
    claims: spec.claims as OpDefinition['claims'],
    prepare: spec.prepare as OpDefinition['prepare'],
    run: spec.run as OpDefinition['run'],
  };
}

export function portInfo(op: string, name: string, port: PortSpec, side: 'input' | 'output'): PortInfo {
  if (!PORT_NAME.test(name)) throw new Error(`op "${op}": ${side} port "${name}" must be an identifier`);
  const kind = port.kind ?? 'value';
  const schema = kind === 'control' ? z.literal(true).optional() : (port.schema ?? z.unknown());
  const jsonSchema = kind === 'control' ? {} : toJsonSchema(schema);
  return {
    name,
    kind,
    description: port.description,
    schema: z.compile(schema),
    passthrough: schema instanceof z.ZodUnknown || schema instanceof z.ZodAny,
    // An unwired control input imposes no order, so control inputs are never required.
    optional: kind === 'control' || schema.safeParse(undefined).success,
    jsonSchema,
    types: kind === 'control' ? null : jsonTypes(jsonSchema),
  };
}

export function toJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const out = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete out.$schema;
  return out;
}
