/**
 * The coarse JSON types a schema admits, used to decide at design time whether an edge can ever
 * carry a valid value. `null` means "anything": only a definite mismatch is refused.
 */
export type JsonTypeSet = ReadonlySet<string> | null;

const ALL = ['string', 'number', 'boolean', 'object', 'array', 'null'];

export function jsonTypes(schema: unknown): JsonTypeSet {
  if (schema === null || typeof schema !== 'object') return null;
  const s = schema as Record<string, unknown>;
  if (typeof s.type === 'string') return new Set([normalize(s.type)]);
  if (Array.isArray(s.type)) return new Set(s.type.map((t) => normalize(String(t))));
  if ('const' in s) return new Set([typeOfValue(s.const)]);
  if (Array.isArray(s.enum)) return new Set(s.enum.map(typeOfValue));
  const union = (s.anyOf ?? s.oneOf) as unknown[] | undefined;
  if (Array.isArray(union)) {
    const out = new Set<string>();
    for (const branch of union) {
      const types = jsonTypes(branch);
      if (types === null) return null;
      for (const t of types) out.add(t);
    }
    return out;
  }
  return null;
}

export function typesCompatible(from: JsonTypeSet, to: JsonTypeSet): boolean {
  if (from === null || to === null) return true;
  for (const t of from) if (to.has(t)) return true;
  return false;
}

export function describeTypes(types: JsonTypeSet): string {
  return types === null ? 'any' : [...types].join(' | ');
}

function normalize(type: string): string {
  return type === 'integer' ? 'number' : ALL.includes(type) ? type : 'object';
}

function typeOfValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'object' ? 'object' : typeof value;
}
