export function formatJson(value: unknown): string {
  return JSON.stringify(value, null, 2) ?? '';
}

/** A document's data as typed: an object, or the reason it is not one. */
export function parseDocData(text: string): { ok: true; data: Record<string, unknown> } | { ok: false; error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `Not valid JSON: ${(error as Error).message}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, error: 'A document is a JSON object, like { "name": "Ada" }' };
  }
  return { ok: true, data: value as Record<string, unknown> };
}
