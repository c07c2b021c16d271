import { getPath, splitPath } from '../json/path.ts';

const MAX_CACHED_TEMPLATES = 1000;

/** What `\s` matches in a regular expression, by character code, without running one per character. */
function isSpace(code: number): boolean {
  if (code <= 32) return code === 32 || (code >= 9 && code <= 13);
  if (code < 160) return false;
  return (
    code === 160 ||
    code === 5760 ||
    (code >= 8192 && code <= 8202) ||
    code === 8232 ||
    code === 8233 ||
    code === 8239 ||
    code === 8287 ||
    code === 12288 ||
    code === 65279
  );
}

/** A template split once into literal text and the paths between: `['Hello, ', ['name'], '!']`. */
type CompiledTemplate = Array<string | string[]>;
const compiled = new Map<string, CompiledTemplate>();

/**
 * Where the placeholder that starts at `open` (the index of a `{{`) ends: optional spaces, a path
 * with no braces or spaces, optional spaces, `}}`; -1 when the text there is no placeholder.
 * Each character is looked at once and nothing backtracks; the span read holds no brace, so no
 * later `{{` starts inside it and the whole scan stays linear in the length of the template.
 */
function placeholderEnd(template: string, open: number): number {
  const length = template.length;
  let i = open + 2;
  while (i < length && isSpace(template.charCodeAt(i))) i++;
  while (i < length) {
    const code = template.charCodeAt(i);
    if (code === 123 /* { */ || code === 125 /* } */ || isSpace(code)) break;
    i++;
  }
  while (i < length && isSpace(template.charCodeAt(i))) i++;
  return template.charCodeAt(i) === 125 && template.charCodeAt(i + 1) === 125 ? i + 2 : -1;
}

function compileTemplate(template: string): CompiledTemplate {
  let parts = compiled.get(template);
  if (parts) return parts;
  parts = [];
  let last = 0;
  for (let open = template.indexOf('{{'); open >= 0; ) {
    const end = placeholderEnd(template, open);
    if (end < 0) {
      // In a run of braces the next candidate is the very next character: no search needed.
      open = template.charCodeAt(open + 2) === 123 ? open + 1 : template.indexOf('{{', open + 2);
      continue;
    }
    // `trim` strips exactly what `isSpace` skipped: the path is what lies between.
    parts.push(template.slice(last, open), splitPath(template.slice(open + 2, end - 2).trim()));
    last = end;
    open = template.indexOf('{{', last);
  }
  parts.push(template.slice(last));
  if (compiled.size >= MAX_CACHED_TEMPLATES) compiled.delete(compiled.keys().next().value as string);
  compiled.set(template, parts);
  return parts;
}

/** `Hello, {{ user.name }}!` over an object; a missing path renders as an empty string. */
export function renderTemplate(template: string, data: unknown): string {
  let out = '';
  for (const part of compileTemplate(template)) {
    if (typeof part === 'string') {
      out += part;
      continue;
    }
    const value = getPath(data, part);
    if (value === undefined || value === null) continue;
    out += typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  return out;
}
