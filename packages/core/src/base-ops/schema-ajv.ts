import { Ajv, type ErrorObject, type Options, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';
import { RE2JS } from 're2js';
import { ConfigProblem, type ConfigProblemEntry } from '../ops/config-problem.ts';

/** ajv-formats is CommonJS: its default export arrives wrapped or not, depending on the loader. */
const addFormats = ((addFormatsPlugin as unknown as { default?: typeof addFormatsPlugin }).default ?? addFormatsPlugin) as typeof addFormatsPlugin;

/**
 * Schema `pattern`s run on RE2, in time linear in the text: a pattern written to backtrack
 * (`(a+)+$`) cannot stall the server on a hostile value. Patterns RE2 cannot run (lookahead,
 * backreferences) are refused when the schema is compiled.
 */
const re2: Options['code'] = {
  regExp: Object.assign((pattern: string) => RE2JS.compile(pattern), { code: 're2js' }),
};

/** Items compared pairwise by `uniqueItems` are quadratic in the array; beyond this many, a crafted value blocks the server. */
const MAX_UNIQUE_ITEMS = 2000;
const SCALAR_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'null']);

const isDraft7 = (schema: Record<string, unknown>) => typeof schema.$schema === 'string' && /draft-0[4-7]/.test(schema.$schema);

function newAjv(draft7: boolean): Ajv {
  const options: Options = { allErrors: true, strict: false, logger: false, code: re2, allowUnionTypes: true };
  const ajv = draft7 ? new Ajv(options) : new Ajv2020(options);
  // `fast` formats: simple, linear regular expressions; `full` ones are slower on long text.
  addFormats(ajv, { mode: 'fast' });
  return ajv;
}

/** `uniqueItems` without a small `maxItems` beside it, over items that may be objects: located problems. */
function quadraticChecks(node: unknown, at: PropertyKey[], out: ConfigProblemEntry[], depth = 0): void {
  // Config values nest at most `limits.maxValueDepth` (256) levels, so the walk always reaches the bottom.
  if (node === null || typeof node !== 'object' || depth > 512) return;
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) quadraticChecks(item, [...at, i], out, depth + 1);
    return;
  }
  const schema = node as Record<string, unknown>;
  if (schema.uniqueItems === true) {
    const items = schema.items as { type?: unknown } | undefined;
    const types = items && typeof items === 'object' ? [items.type].flat() : [];
    const scalar = types.length > 0 && types.every((type) => typeof type === 'string' && SCALAR_TYPES.has(type));
    const bounded = typeof schema.maxItems === 'number' && schema.maxItems <= MAX_UNIQUE_ITEMS;
    if (!scalar && !bounded) {
      out.push({
        at: [...at, 'uniqueItems'],
        message: `uniqueItems compares every pair of items: give the array a maxItems of at most ${MAX_UNIQUE_ITEMS}, or items a scalar type`,
      });
    }
  }
  for (const [key, value] of Object.entries(schema)) quadraticChecks(value, [...at, key], out, depth + 1);
}

function pointerSegments(pointer: string): string[] {
  return pointer === ''
    ? []
    : pointer
        .slice(1)
        .split('/')
        .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/** The first complaint of the meta-schema at each place (an `anyOf` in it adds more that say less), naming what is allowed. */
function metaSchemaProblems(errors: ErrorObject[]): ConfigProblemEntry[] {
  const first = new Map<string, ErrorObject>();
  for (const error of errors) if (!first.has(error.instancePath)) first.set(error.instancePath, error);
  return [...first.values()].slice(0, 10).map((error) => {
    const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues;
    const message = allowed ? `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}` : (error.message ?? error.keyword);
    return { at: ['schema', ...pointerSegments(error.instancePath)], message: `Not a valid JSON Schema: ${message}` };
  });
}

/**
 * Compiles the JSON Schemas of `schema.validate` nodes, one Ajv per draft, kept for the engine's
 * life (as the `jsonSchema` service): checking a schema against its meta-schema costs a
 * compilation of the meta-schema, about 100 ms, paid once here instead of once per node.
 */
export class SchemaCompiler {
  private readonly instances = new Map<boolean, Ajv>();

  /** Compiles a JSON Schema; anything wrong with it is a problem located under `schema`. */
  compile(schema: Record<string, unknown>): ValidateFunction {
    const risks: ConfigProblemEntry[] = [];
    quadraticChecks(schema, ['schema'], risks);
    if (risks.length > 0) throw new ConfigProblem(risks);
    const ajv = this.ajv(isDraft7(schema));
    try {
      if (!ajv.validateSchema(schema)) throw new ConfigProblem(metaSchemaProblems(ajv.errors ?? []));
      return ajv.compile(schema);
    } catch (error) {
      if (error instanceof ConfigProblem) throw error;
      const message = (error as Error).message.replace(/^error parsing regexp: /, 'a pattern RE2 cannot run: ');
      throw new ConfigProblem(['schema'], `The schema does not compile: ${message}`);
    } finally {
      // Ajv keeps every schema it compiled, and its `$id`; this instance serves every node, so none is kept.
      ajv.removeSchema(schema);
    }
  }

  private ajv(draft7: boolean): Ajv {
    let ajv = this.instances.get(draft7);
    if (!ajv) {
      ajv = newAjv(draft7);
      this.instances.set(draft7, ajv);
    }
    return ajv;
  }
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A location in the value as a person writes it: `items[0].qty`, `["content-type"]`; the value itself is the empty path. */
export function readablePath(segments: string[], value: unknown): string {
  let out = '';
  let node = value;
  for (const segment of segments) {
    if (Array.isArray(node)) out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
    node = node !== null && typeof node === 'object' && Object.hasOwn(node, segment) ? (node as Record<string, unknown>)[segment] : undefined;
  }
  return out;
}

export interface SchemaProblem {
  path: string;
  message: string;
  keyword: string;
}

/** Ajv's errors as problems at the field they are about: a missing or extra property is located at that property. */
export function schemaProblems(errors: ErrorObject[], value: unknown): SchemaProblem[] {
  return errors.map((error) => {
    const segments = pointerSegments(error.instancePath);
    const params = error.params as Record<string, unknown>;
    let message = error.message ?? error.keyword;
    if (error.keyword === 'required' || error.keyword === 'dependentRequired') {
      segments.push(String(params.missingProperty));
      message = 'is required';
    } else if (error.keyword === 'additionalProperties' || error.keyword === 'unevaluatedProperties') {
      segments.push(String(params.additionalProperty ?? params.unevaluatedProperty));
      message = 'is not allowed';
    }
    return { path: readablePath(segments, value), message, keyword: error.keyword };
  });
}
