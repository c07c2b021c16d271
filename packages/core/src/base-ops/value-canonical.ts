import { defineOwn } from './value-limits.ts';

/**
 * JSON text with object keys sorted at every depth, so values equal as data give equal text. A
 * `__proto__` key is kept as the data it is (a plain assignment would set the prototype instead).
 */
export function canonicalText(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(v).sort()) defineOwn(sorted, key, (v as Record<string, unknown>)[key]);
    return sorted;
  });
}
