import { PatternError } from '@pattern/core';

/**
 * Media types (RFC 9110 §8.3.1): `type/subtype` tokens, then `; name=value` parameters whose value
 * is a token or a quoted string. Stored types end up in a `Content-Type` header, so only printable
 * ASCII and spaces are taken: a CR, LF, NUL or any other control character is refused outright.
 */
export interface MediaType {
  /** The type and subtype, lower-cased, without parameters: what decisions are made on. */
  essence: string;
  /** Parameter names lower-cased, values unquoted. */
  params: Map<string, string>;
}

export const MAX_MEDIA_TYPE_LENGTH = 200;

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/;

const QUOTED = /^"((?:[\x20\x21\x23-\x5B\x5D-\x7E]|\\[\x20-\x7E])*)"/;
/** With obs-text (bytes 0x80-0xFF, as a header read as Latin-1 shows UTF-8): what browsers send in a form part's file name. */
const QUOTED_OBS_TEXT = /^"((?:[\x20\x21\x23-\x5B\x5D-\x7E\x80-\xFF]|\\[\x20-\x7E\x80-\xFF])*)"/;

export interface ParamsOptions {
  allowObsText?: boolean;
}

/** A token or a quoted string at the start of `text`, with the length it took; undefined when neither. */
function readValue(text: string, options: ParamsOptions): { value: string; length: number } | undefined {
  const token = TOKEN.exec(text);
  if (token) return { value: token[0], length: token[0].length };
  const quoted = (options.allowObsText ? QUOTED_OBS_TEXT : QUOTED).exec(text);
  if (!quoted) return undefined;
  return { value: (quoted[1] ?? '').replace(/\\(.)/g, '$1'), length: quoted[0].length };
}

/** `*( OWS ";" OWS [ name "=" value ] )` up to the end of `text`; undefined when anything else is there. */
export function parseParams(text: string, options: ParamsOptions = {}): Map<string, string> | undefined {
  const params = new Map<string, string>();
  let rest = text;
  for (;;) {
    rest = rest.replace(/^ +/, '');
    if (rest === '') return params;
    if (!rest.startsWith(';')) return undefined;
    rest = rest.slice(1).replace(/^ +/, '');
    if (rest === '' || rest.startsWith(';')) continue;
    const name = TOKEN.exec(rest)?.[0];
    if (name === undefined || rest[name.length] !== '=') return undefined;
    rest = rest.slice(name.length + 1);
    const value = readValue(rest, options);
    if (!value) return undefined;
    // The first of a repeated parameter counts, as browsers read them.
    if (!params.has(name.toLowerCase())) params.set(name.toLowerCase(), value.value);
    rest = rest.slice(value.length);
  }
}

export function parseMediaType(text: string): MediaType | undefined {
  if (text.length > MAX_MEDIA_TYPE_LENGTH) return undefined;
  const head = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)\/([!#$%&'*+.^_`|~0-9A-Za-z-]+)/.exec(text);
  if (!head) return undefined;
  const params = parseParams(text.slice(head[0].length));
  if (!params) return undefined;
  return { essence: `${head[1]}/${head[2]}`.toLowerCase(), params };
}

/** The media type as given when it is a valid one, else `bad_request` naming `field`. */
export function checkMediaType(text: string, field: string): string {
  if (parseMediaType(text)) return text;
  throw new PatternError(
    'bad_request',
    `${field}: "${JSON.stringify(text).slice(1, -1).slice(0, 80)}" is not a media type like "image/png" or "text/plain; charset=utf-8" (printable ASCII, at most ${MAX_MEDIA_TYPE_LENGTH} characters)`,
    { field },
  );
}

/**
 * Types a browser shows without running anything: served inline. Every other type is sent as a
 * download, so an upload can never run script on Pattern's origin (HTML, SVG, XML, JavaScript...).
 */
const INLINE_TYPES = new Set(['text/plain', 'text/csv', 'application/pdf', 'application/json']);

export function isSafeInline(essence: string): boolean {
  if (INLINE_TYPES.has(essence)) return true;
  const [type, subtype = ''] = essence.split('/');
  if (subtype.endsWith('+xml') || subtype === 'xml') return false;
  return type === 'image' || type === 'audio' || type === 'video';
}
