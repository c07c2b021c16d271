type Schema = Record<string, unknown>;

/**
 * A JSON Schema as a short type a person reads at a glance: `string`, `integer ≥ 0`,
 * `array of string`, `"eq" | "ne"`, `object of string`. The full schema stays one click away.
 */
export function schemaType(schema: unknown): string {
  if (schema === null || typeof schema !== 'object') return 'any';
  const s = schema as Schema;
  if ('const' in s) return JSON.stringify(s.const);
  if (Array.isArray(s.enum)) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
  const union = (s.anyOf ?? s.oneOf) as unknown[] | undefined;
  if (Array.isArray(union)) return unique(union.map(schemaType)).join(' | ');
  const type = s.type;
  if (Array.isArray(type)) return type.map((t) => schemaType({ ...s, type: t })).join(' | ');
  switch (type) {
    case 'string':
      return withBounds('string', s, 'minLength', 'maxLength', 'length') + (typeof s.format === 'string' ? ` (${s.format})` : '');
    case 'integer':
    case 'number':
      return withRange(type, s);
    case 'boolean':
    case 'null':
      return type;
    case 'array':
      return s.items ? `array of ${wrap(schemaType(s.items))}` : 'array';
    case 'object':
      return objectType(s);
    default:
      return 'any';
  }
}

function objectType(s: Schema): string {
  const properties = s.properties as Record<string, unknown> | undefined;
  if (properties && Object.keys(properties).length > 0) {
    const required = new Set((s.required as string[] | undefined) ?? []);
    const keys = Object.keys(properties).map((k) => (required.has(k) ? k : `${k}?`));
    return `{ ${keys.join(', ')} }`;
  }
  const extra = s.additionalProperties;
  if (extra && typeof extra === 'object' && Object.keys(extra).length > 0) return `object of ${wrap(schemaType(extra))}`;
  return 'object';
}

function withRange(type: string, s: Schema): string {
  // zod writes the safe-integer limits as the bounds of every integer; they say nothing.
  const bound = (value: unknown) => (typeof value === 'number' && Math.abs(value) < Number.MAX_SAFE_INTEGER ? value : undefined);
  const bounds = [
    bound(s.minimum) !== undefined ? `≥ ${s.minimum}` : '',
    bound(s.exclusiveMinimum) !== undefined ? `> ${s.exclusiveMinimum}` : '',
    bound(s.maximum) !== undefined ? `≤ ${s.maximum}` : '',
    bound(s.exclusiveMaximum) !== undefined ? `< ${s.exclusiveMaximum}` : '',
  ].filter(Boolean);
  return bounds.length ? `${type} ${bounds.join(', ')}` : type;
}

function withBounds(type: string, s: Schema, min: string, max: string, what: string): string {
  const lo = typeof s[min] === 'number' ? (s[min] as number) : undefined;
  const hi = typeof s[max] === 'number' ? (s[max] as number) : undefined;
  if (lo === undefined && hi === undefined) return type;
  if (lo === 1 && hi === undefined) return `non-empty ${type}`;
  if (hi === undefined) return `${type}, ${what} ≥ ${lo}`;
  if (lo === undefined) return `${type}, ${what} ≤ ${hi}`;
  return `${type}, ${what} ${lo}–${hi}`;
}

function wrap(type: string): string {
  return type.includes(' | ') ? `(${type})` : type;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/** The default a schema declares, if any. */
export function schemaDefault(schema: unknown): { value: unknown } | undefined {
  if (schema !== null && typeof schema === 'object' && 'default' in schema) return { value: (schema as Schema).default };
  return undefined;
}

/** The `description` a schema carries (zod's `.describe()`). */
export function schemaDescription(schema: unknown): string | undefined {
  if (schema === null || typeof schema !== 'object') return undefined;
  const d = (schema as Schema).description;
  return typeof d === 'string' ? d : undefined;
}
