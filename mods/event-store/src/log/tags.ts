const TAG_NAME = /(Id|_id)$/;

/**
 * The correlated ids of a payload: every top-level field whose name ends in `Id` or `_id` and
 * whose value is a string or a number. Indexed, they find an event from every entity it names.
 */
export function extractTags(payload: Record<string, unknown>): Array<[string, string]> {
  const tags: Array<[string, string]> = [];
  for (const name in payload) {
    if (!TAG_NAME.test(name)) continue;
    const value = payload[name];
    if (typeof value === 'string' ? value.length > 0 && value.length <= 500 : typeof value === 'number' && Number.isFinite(value)) {
      tags.push([name, String(value)]);
    }
  }
  return tags;
}
