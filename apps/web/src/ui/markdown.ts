/**
 * The inline markdown op descriptions use: `code`, **strong**, *emphasis* / _emphasis_ and
 * [links](url). Parsed to a tree that React renders as elements, never as HTML, so a description
 * cannot inject markup; links keep only http(s), mailto and same-site targets.
 */
export type MdNode =
  | { type: 'text'; text: string }
  | { type: 'code'; text: string }
  | { type: 'strong' | 'em'; children: MdNode[] }
  | { type: 'link'; href: string; children: MdNode[] };

const SAFE_HREF = /^(https?:\/\/|mailto:|\/(?!\/)|#|\.{1,2}\/)/i;

export function safeHref(href: string): string | undefined {
  const trimmed = href.trim();
  // Browsers drop tabs and newlines inside URLs, so `java\tscript:` must not slip past the check.
  for (const char of trimmed) {
    const code = char.charCodeAt(0);
    if (code < 0x20 || code === 0x7f) return undefined;
  }
  return SAFE_HREF.test(trimmed) ? trimmed : undefined;
}

function pushText(out: MdNode[], text: string): void {
  if (text === '') return;
  const last = out[out.length - 1];
  if (last?.type === 'text') last.text += text;
  else out.push({ type: 'text', text });
}

/** The index of `marker` closing a span opened before `from`, not directly after whitespace. */
function closing(source: string, marker: string, from: number): number {
  let at = source.indexOf(marker, from);
  while (at !== -1 && (at === from || /\s/.test(source[at - 1] ?? ''))) at = source.indexOf(marker, at + 1);
  return at;
}

export function parseMarkdown(source: string, depth = 0): MdNode[] {
  const out: MdNode[] = [];
  let i = 0;
  while (i < source.length) {
    const char = source[i];
    if (char === '`') {
      const end = source.indexOf('`', i + 1);
      if (end > i + 1) {
        out.push({ type: 'code', text: source.slice(i + 1, end) });
        i = end + 1;
        continue;
      }
    } else if (char === '[' && depth < 4) {
      const textEnd = source.indexOf('](', i + 1);
      const urlEnd = textEnd === -1 ? -1 : source.indexOf(')', textEnd + 2);
      if (textEnd !== -1 && urlEnd !== -1 && !source.slice(i + 1, textEnd).includes('[')) {
        const children = parseMarkdown(source.slice(i + 1, textEnd), depth + 1);
        const href = safeHref(source.slice(textEnd + 2, urlEnd));
        if (href) out.push({ type: 'link', href, children });
        else for (const child of children) child.type === 'text' ? pushText(out, child.text) : out.push(child);
        i = urlEnd + 1;
        continue;
      }
    } else if ((char === '*' || char === '_') && depth < 4) {
      const strong = source[i + 1] === char;
      const marker = strong ? char + char : char;
      const start = i + marker.length;
      const opensWord = start < source.length && !/\s/.test(source[start] ?? '');
      // An underscore inside a word (snake_case) is not emphasis.
      const inWord = char === '_' && /\w/.test(source[i - 1] ?? '');
      if (opensWord && !inWord) {
        const end = closing(source, marker, start);
        if (end !== -1 && !(char === '_' && /\w/.test(source[end + marker.length] ?? ''))) {
          out.push({ type: strong ? 'strong' : 'em', children: parseMarkdown(source.slice(start, end), depth + 1) });
          i = end + marker.length;
          continue;
        }
      }
    }
    pushText(out, char ?? '');
    i++;
  }
  return out;
}

/** The description as plain text, for `title` attributes and screen-reader labels. */
export function markdownText(source: string): string {
  const flat = (nodes: MdNode[]): string => nodes.map((n) => (n.type === 'text' || n.type === 'code' ? n.text : flat(n.children))).join('');
  return flat(parseMarkdown(source));
}
