/** A chapter's settings: `title` and `order`, plus an optional one-line `description`. */
export interface FrontMatter {
  title?: string;
  order?: number;
  description?: string;
}

const BLOCK = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;

/**
 * Reads the `key: value` front matter chapters start with. Only flat scalar keys are used,
 * so a full YAML parser would buy nothing here.
 */
export function parseFrontMatter(source: string): { data: FrontMatter; body: string } {
  const match = BLOCK.exec(source);
  if (!match) return { data: {}, body: source };
  const data: FrontMatter = {};
  for (const line of (match[1] ?? '').split(/\r?\n/)) {
    const pair = /^([A-Za-z][\w-]*)\s*:\s*(.*)$/.exec(line.trim());
    if (!pair) continue;
    const key = pair[1] as string;
    const value = unquote((pair[2] ?? '').trim());
    if (key === 'title' || key === 'description') data[key] = value;
    else if (key === 'order' && value !== '' && Number.isFinite(Number(value))) data.order = Number(value);
  }
  return { data, body: source.slice(match[0].length) };
}

function unquote(value: string): string {
  if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.at(-1) === value[0]) return value.slice(1, -1);
  return value;
}
