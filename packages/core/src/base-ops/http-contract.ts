import type { ValidateFunction } from 'ajv';
import { z } from 'zod';
import { JsonObjectSchema } from '../json/object-schema.ts';
import { ConfigProblem, type ConfigProblemEntry } from '../ops/config-problem.ts';
import type { PrepareEnv } from '../ops/define-op.ts';
import { SchemaCompiler, schemaProblems } from './schema-ajv.ts';
import { SCHEMA_SERVICE } from './schema-validate.ts';

export const PARAM_TYPES = ['string', 'integer', 'number', 'uuid', 'ulid'] as const;
export type ParamType = (typeof PARAM_TYPES)[number];

export const ParamTypesSchema = z
  .record(z.string(), z.enum(PARAM_TYPES))
  .describe('The type of each path parameter, `{ "id": "integer" }`: `string` (the default), `integer`, `number`, `uuid` or `ulid`.');

/** The config of `http.request` that declares what a request must look like. */
export const RequestContractConfigSchema = z.object({
  params: ParamTypesSchema.optional(),
  querySchema: JsonObjectSchema.optional().meta({
    editor: 'objectSchema',
    description: 'A JSON Schema of the query string (an object of its parameters); numbers and booleans are read from their text.',
  }),
  headersSchema: JsonObjectSchema.optional().meta({
    editor: 'objectSchema',
    description: 'A JSON Schema of the request headers (an object, lower-case names).',
  }),
  bodySchema: JsonObjectSchema.optional().meta({
    editor: 'objectSchema',
    description: 'A JSON Schema of the body; the `body` output is typed by it.',
  }),
});

export type RequestContractConfig = z.output<typeof RequestContractConfigSchema>;

const PARAM_CHECKS: Record<Exclude<ParamType, 'string'>, { test: RegExp; message: string; number?: true }> = {
  integer: { test: /^-?\d{1,15}$/, message: 'expected an integer', number: true },
  number: { test: /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/, message: 'expected a number', number: true },
  uuid: { test: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, message: 'expected a UUID' },
  ulid: { test: /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/i, message: 'expected a ULID' },
};

type Scalar = 'integer' | 'number' | 'boolean';

interface TextPart {
  validate: ValidateFunction;
  /** Top-level properties whose schema wants a number or boolean: query and header values are text. */
  coerce: ReadonlyMap<string, Scalar>;
}

/** What a route's `http.request` node requires of a request, compiled once when the workflow is saved. */
export interface RequestContract {
  params: Readonly<Record<string, ParamType>>;
  query: TextPart | undefined;
  headers: TextPart | undefined;
  body: ValidateFunction | undefined;
}

export interface RequestProblem {
  path: string;
  message: string;
}

export interface RequestParts {
  params: Record<string, string | number>;
  query: Record<string, unknown>;
  headers: Record<string, unknown>;
  body?: unknown;
}

export function schemaCompiler(env: PrepareEnv): SchemaCompiler {
  // Before the engine has started there is no service yet: a compiler of its own then.
  return env.services.has(SCHEMA_SERVICE) ? env.services.get<SchemaCompiler>(SCHEMA_SERVICE) : new SchemaCompiler();
}

/** Compiles a JSON Schema of the config key `key`, its problems located under that key. */
export function compileAt(compiler: SchemaCompiler, schema: Record<string, unknown>, key: PropertyKey[]): ValidateFunction {
  try {
    return compiler.compile(schema);
  } catch (error) {
    if (!(error instanceof ConfigProblem)) throw error;
    throw new ConfigProblem(error.problems.map((p): ConfigProblemEntry => ({ at: [...key, ...p.at.slice(1)], message: p.message })));
  }
}

/** The contract of the config, or undefined when it declares nothing: such a route checks nothing. */
export function compileRequestContract(config: RequestContractConfig, env: PrepareEnv): RequestContract | undefined {
  const { querySchema, headersSchema, bodySchema } = config;
  // A parameter is text anyway: declaring it `string` documents it and checks nothing.
  const params = Object.fromEntries(Object.entries(config.params ?? {}).filter(([, type]) => type !== 'string'));
  if (Object.keys(params).length === 0 && !querySchema && !headersSchema && !bodySchema) return undefined;
  const compiler = schemaCompiler(env);
  const text = (schema: Record<string, unknown> | undefined, key: string): TextPart | undefined =>
    schema ? { validate: compileAt(compiler, schema, [key]), coerce: scalarProperties(schema) } : undefined;
  return {
    params,
    query: text(querySchema, 'querySchema'),
    headers: text(headersSchema, 'headersSchema'),
    body: bodySchema ? compileAt(compiler, bodySchema, ['bodySchema']) : undefined,
  };
}

/**
 * Checks a request against its contract, turning typed parameters and scalar query and header
 * values into numbers and booleans in place; every problem is located (`body.items[0].qty`).
 */
export function checkRequest(contract: RequestContract, request: RequestParts): RequestProblem[] {
  const problems: RequestProblem[] = [];
  for (const [name, type] of Object.entries(contract.params)) {
    const value = request.params[name];
    if (type === 'string' || typeof value !== 'string') continue;
    const check = PARAM_CHECKS[type];
    if (!check.test.test(value)) problems.push({ path: `params.${name}`, message: check.message });
    else if (check.number) request.params[name] = Number(value);
  }
  textProblems(contract.query, request.query, 'query', problems);
  textProblems(contract.headers, request.headers, 'headers', problems);
  if (contract.body) {
    const body = request.body ?? null;
    if (!contract.body(body)) problems.push(...located(contract.body, body, 'body'));
  }
  return problems;
}

function textProblems(part: TextPart | undefined, values: Record<string, unknown>, where: string, out: RequestProblem[]): void {
  if (!part) return;
  for (const [name, type] of part.coerce) {
    const value = values[name];
    if (typeof value === 'string') values[name] = coerced(value, type);
  }
  if (!part.validate(values)) out.push(...located(part.validate, values, where));
}

const MAX_PROBLEMS = 50;

function located(validate: ValidateFunction, value: unknown, where: string): RequestProblem[] {
  return schemaProblems((validate.errors ?? []).slice(0, MAX_PROBLEMS), value).map((p) => ({
    path: p.path === '' ? where : p.path.startsWith('[') ? `${where}${p.path}` : `${where}.${p.path}`,
    message: p.message,
  }));
}

/** Text that reads as the scalar the schema wants becomes it; anything else stays text, for the schema to refuse. */
function coerced(value: string, type: Scalar): unknown {
  if (type === 'boolean') return value === 'true' ? true : value === 'false' ? false : value;
  if (value.trim() === '') return value;
  const number = Number(value);
  if (!Number.isFinite(number) || (type === 'integer' && !Number.isInteger(number))) return value;
  return number;
}

function scalarProperties(schema: Record<string, unknown>): Map<string, Scalar> {
  const out = new Map<string, Scalar>();
  const properties = schema.properties;
  if (properties === null || typeof properties !== 'object') return out;
  for (const [name, property] of Object.entries(properties as Record<string, unknown>)) {
    const type = property !== null && typeof property === 'object' ? (property as { type?: unknown }).type : undefined;
    const types = [type].flat();
    const scalar = types.find((t): t is Scalar => t === 'integer' || t === 'number' || t === 'boolean');
    if (scalar && !types.includes('string')) out.set(name, scalar);
  }
  return out;
}

export const ResponseBodySchemasSchema = z
  .record(z.string().regex(/^([2-5]\d\d|default)$/, 'a status from 200 to 599, or "default"'), JsonObjectSchema)
  .describe(
    'A JSON Schema of the body per status, `{ "200": { ... } }` (`default` for any other): a body that breaks it fails the run with `response_invalid`.',
  );

/** The body schemas of an `http.response` node, by status, compiled once when the workflow is saved. */
export type ResponseContract = ReadonlyMap<string, ValidateFunction>;

export function compileResponseContract(schemas: Record<string, Record<string, unknown>> | undefined, env: PrepareEnv): ResponseContract | undefined {
  if (!schemas || Object.keys(schemas).length === 0) return undefined;
  const compiler = schemaCompiler(env);
  return new Map(Object.entries(schemas).map(([status, schema]) => [status, compileAt(compiler, schema, ['bodySchema', status])]));
}

/** The problems of a response body under the schema for its status; none when no schema covers the status. */
export function checkResponse(contract: ResponseContract, status: number, body: unknown): RequestProblem[] {
  const validate = contract.get(String(status)) ?? contract.get('default');
  if (!validate || validate(body)) return [];
  return located(validate, body, 'body');
}
