/**
 * jsonb refuses two things JSON allows in strings: NUL (`\u0000`) and lone surrogates
 * (`\ud800`). Run history keeps jsonb, so that PostgreSQL can cut records into summaries, and
 * writes such escapes in a form jsonb takes: DEL (U+007F, which JSON carries unescaped and jsonb
 * gives back as is) followed by the escape's four hex digits; a DEL of the value itself is
 * doubled. Reading undoes it, so every string comes back exactly as it was written.
 */
const DEL = '\u007f';

/** Escaped backslashes are matched as a pair, so `\\u0000` (a backslash, then "u0000") is left alone. */
const REFUSED = /\\\\|\\u(0000|d[89a-f][0-9a-f]{2})|\u007f/g;
const ESCAPED = /\u007f(\u007f|[0-9a-f]{4})/g;

/** JSON text as `JSON.stringify` writes it, made acceptable to jsonb. */
export function toJsonbText(json: string): string {
  if (!json.includes('\\u') && !json.includes(DEL)) return json;
  return json.replace(REFUSED, (match, hex: string | undefined) => (hex ? `${DEL}${hex}` : match === DEL ? DEL + DEL : match));
}

/** jsonb's text (`value::text`) back to the JSON that was written. */
export function fromJsonbText(text: string): string {
  if (!text.includes(DEL)) return text;
  return text.replace(ESCAPED, (_match, code: string) => (code === DEL ? DEL : `\\u${code}`));
}

export function parseJsonb<T>(text: string): T {
  return JSON.parse(fromJsonbText(text)) as T;
}
