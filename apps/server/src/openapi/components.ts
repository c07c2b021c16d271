type Json = Record<string, unknown>;

const NAME = /[^A-Za-z0-9._-]/g;

/**
 * The document's shared schemas. A JSON Schema embedded in an OpenAPI document resolves `#/…`
 * against the document, so local definitions (`$defs`, a route's own or zod's for recursive
 * types) move here and their references follow.
 */
export class Components {
  readonly schemas: Record<string, unknown> = {};

  /** The schema, ready to sit anywhere in the document; `name` keeps its definitions apart from others'. */
  embed(schema: Json, name: string): Json {
    const prefix = name.replace(NAME, '_');
    const copy = structuredClone(schema);
    delete copy.$schema;
    delete copy.$id;
    const defs = { ...((copy.$defs as Json | undefined) ?? {}), ...((copy.definitions as Json | undefined) ?? {}) };
    delete copy.$defs;
    delete copy.definitions;
    const selfReferenced = { value: false };
    const rewrite = (node: unknown): unknown => {
      if (Array.isArray(node)) return node.map(rewrite);
      if (node === null || typeof node !== 'object') return node;
      const out: Json = {};
      for (const [key, value] of Object.entries(node as Json)) {
        if (key === '$ref' && typeof value === 'string') out[key] = this.target(value, prefix, selfReferenced);
        else out[key] = rewrite(value);
      }
      return out;
    };
    for (const [def, value] of Object.entries(defs)) this.schemas[`${prefix}.${def.replace(NAME, '_')}`] = rewrite(value);
    const root = rewrite(copy) as Json;
    if (!selfReferenced.value) return root;
    this.schemas[prefix] = root;
    return { $ref: `#/components/schemas/${prefix}` };
  }

  private target(ref: string, prefix: string, selfReferenced: { value: boolean }): string {
    const local = /^#\/(?:\$defs|definitions)\/(.+)$/.exec(ref);
    if (local?.[1]) return `#/components/schemas/${prefix}.${decodeURIComponent(local[1]).replace(NAME, '_')}`;
    if (ref === '#') {
      selfReferenced.value = true;
      return `#/components/schemas/${prefix}`;
    }
    return ref;
  }
}
