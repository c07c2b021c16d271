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

/**
 * Returns a copy of `value` with `path` set; objects on the way are copied, never mutated. A
 * `__proto__` segment is an ordinary key here: it is defined as an own property, so no
 * prototype is ever replaced.
 */
export function setPath(value: unknown, path: string, next: unknown): unknown {
  const parts = splitPath(path);
  if (parts.length === 0) return next;
  const root = copyContainer(value);
  let node = root;
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i] as string;
    const child = copyContainer(Object.hasOwn(node, part) ? (node as Record<string, unknown>)[part] : undefined);
    assign(node, part, child);
    node = child;
  }
  assign(node, parts[parts.length - 1] as string, next);
  return root;
}

function copyContainer(node: unknown): Record<string, unknown> | unknown[] {
  if (Array.isArray(node)) return [...node];
  return node !== null && typeof node === 'object' ? { ...(node as Record<string, unknown>) } : {};
}

function assign(target: object, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else (target as Record<string, unknown>)[key] = value;
}
