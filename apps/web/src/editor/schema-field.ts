/** A JSON Schema as the inspector reads it: only what decides the widget and the inline checks. */
export interface FieldSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: FieldSchema[];
  oneOf?: FieldSchema[];
  default?: unknown;
  description?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  properties?: Record<string, FieldSchema>;
  required?: string[];
  /** A custom field editor by name (see `fields/index.ts`), from the op schema's `.meta({ editor })`. */
  editor?: string;
}

export type Widget = 'string' | 'number' | 'integer' | 'boolean' | 'enum' | 'json' | 'any';

/** Drops `null` from unions, so `string | null` edits as a string. */
function effective(schema: FieldSchema): FieldSchema {
  const union = schema.anyOf ?? schema.oneOf;
  if (!union) return schema;
  const branches = union.filter((b) => b.type !== 'null');
  if (branches.length === 1 && branches[0])
    return { ...branches[0], default: schema.default ?? branches[0].default, description: schema.description };
  const enums = branches.every((b) => 'const' in b) ? branches.map((b) => b.const) : undefined;
  return enums ? { ...schema, enum: enums } : schema;
}

export function widgetOf(raw: FieldSchema): Widget {
  const schema = effective(raw);
  if (Array.isArray(schema.enum) && schema.enum.every((v) => typeof v === 'string' || typeof v === 'number')) return 'enum';
  const type = Array.isArray(schema.type) ? schema.type.filter((t) => t !== 'null') : schema.type ? [schema.type] : [];
  if (type.length !== 1) return type.length === 0 && !schema.anyOf && !schema.oneOf ? 'any' : 'json';
  switch (type[0]) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'integer':
      return 'integer';
    case 'boolean':
      return 'boolean';
    default:
      return 'json';
  }
}

export function enumOptions(raw: FieldSchema): Array<string | number> {
  return (effective(raw).enum ?? []) as Array<string | number>;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (Number.isInteger(value)) return 'integer';
  return typeof value;
}

function admits(type: string, value: unknown): boolean {
  const actual = typeOf(value);
  return type === actual || (type === 'number' && actual === 'integer');
}

/** The first thing wrong with `value` under `schema`, in words, or undefined. Mirrors the common zod checks. */
export function checkValue(raw: FieldSchema, value: unknown, required: boolean): string | undefined {
  if (value === undefined) return required && raw.default === undefined ? 'Required: wire this input or give a value' : undefined;
  const schema = effective(raw);
  if (schema.enum && !schema.enum.some((option) => option === value)) return `Must be one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}`;
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.length > 0 && !types.some((type) => admits(type, value))) return `Must be ${types.join(' or ')}, not ${typeOf(value)}`;
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength)
      return schema.minLength === 1 ? 'Must not be empty' : `At least ${schema.minLength} characters`;
    if (schema.maxLength !== undefined && value.length > schema.maxLength) return `At most ${schema.maxLength} characters`;
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) return `Must match ${schema.pattern}`;
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) return `At least ${schema.minimum}`;
    if (schema.maximum !== undefined && value > schema.maximum) return `At most ${schema.maximum}`;
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) return `More than ${schema.exclusiveMinimum}`;
    if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum) return `Less than ${schema.exclusiveMaximum}`;
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && schema.required) {
    const missing = schema.required.find((key) => !(key in value));
    if (missing) return `Needs the field “${missing}”`;
  }
  return undefined;
}
