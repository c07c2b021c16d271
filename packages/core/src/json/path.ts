/** Dotted paths (`customer.address.city`, `items.0.sku`) over plain JSON values. */
export function splitPath(path: string): string[] {
  return path === '' ? [] : path.split('.');
}

export function getPath(value: unknown, path: string | readonly string[]): unknown {
  const parts = typeof path === 'string' ? splitPath(path) : path;
  let current = value;
  for (const part of parts) {
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.hasOwn(current, part)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** Returns a copy of `value` with `path` set; objects on the way are copied, never mutated. */
export function setPath(value: unknown, path: string, next: unknown): unknown {
  const parts = splitPath(path);
  if (parts.length === 0) return next;
  const write = (node: unknown, index: number): unknown => {
    const part = parts[index] as string;
    const base: Record<string, unknown> | unknown[] = Array.isArray(node)
      ? [...node]
      : node !== null && typeof node === 'object'
        ? { ...(node as Record<string, unknown>) }
        : {};
    const child = (base as Record<string, unknown>)[part];
    (base as Record<string, unknown>)[part] = index === parts.length - 1 ? next : write(child, index + 1);
    return base;
  };
  return write(value, 0);
}
